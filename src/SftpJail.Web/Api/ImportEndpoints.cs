using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using SftpJail.Data.Services.Import;

namespace SftpJail.Web.Api;

/// <summary>
/// POST /api/v1/import: the CLI's <c>import FILE</c>, the file as the request body (text/csv or application/json).
/// Every row is checked before anything changes; one bad row refuses the whole file (400, each row in <c>errors</c>).
/// Passwords generated for rows with neither a password nor a key are in the response, once, and nowhere else.
/// </summary>
public static class ImportEndpoints
{
    public sealed record ImportResponse(string Message, long? AuditEntryId, int SiteCount, int UserCount, IReadOnlyList<Core.Planning.PlanStep> Steps, IReadOnlyList<GeneratedPassword> Passwords);

    public sealed record DryRunResponse(string Message, int RowCount, IReadOnlyList<ImportSitePlan> Sites, IReadOnlyList<Core.Planning.PlanStep> Steps, IReadOnlyList<Core.Planning.PlanStep> SharedSteps);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/import", ImportAsync).WithTags("Import").RequireAuthorization(ApiPolicies.Staff)
            .WithSummary("Add many sites from a CSV or JSON file in one apply; ?dryRun=true only plans (import)")
            .Accepts<string>("text/csv", "application/json")
            .Produces<ImportResponse>().Produces<DryRunResponse>();
    }

    private static async Task<IResult> ImportAsync(
        HttpRequest request, ClaimsPrincipal user, SiteImporter importer, [FromQuery] string? format, [FromQuery] bool? dryRun, CancellationToken ct)
    {
        var chosen = format is not null ? ImportFormats.Parse(format)
            : request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true ? ImportFormat.Json
            : ImportFormat.Csv;
        if (chosen is not { } importFormat)
        {
            return ApiProblems.BadRequest($"--format: '{format}' is not csv or json.");
        }

        var (content, tooLarge) = await ReadAsync(request, ct);
        if (content is null)
        {
            return tooLarge!;
        }

        if (dryRun == true)
        {
            var preview = await importer.PreviewAsync(content, importFormat, cancellationToken: ct);
            if (Rejected(preview.Errors, preview.Error, preview.RowCount, null) is { } refused)
            {
                return refused;
            }

            var users = preview.Sites.Sum(s => s.Users.Count);
            return TypedResults.Ok(new DryRunResponse(
                $"dry run: {preview.RowCount} rows would add {preview.Sites.Count} sites with {users} users in one apply ({preview.Steps.Count} steps); nothing was changed.",
                preview.RowCount, preview.Sites, preview.Steps, preview.SharedSteps));
        }

        var result = await importer.ImportAsync(content, importFormat, user.Actor(), cancellationToken: ct);
        if (!result.Succeeded)
        {
            return Rejected(result.Errors, result.Error ?? "The executor did not apply the import.", result.RowCount, result.AuditEntryId)!;
        }

        return TypedResults.Ok(new ImportResponse(
            $"imported {result.SiteCount} sites with {result.UserCount} users in one apply ({result.Steps.Count} steps)",
            result.AuditEntryId, result.SiteCount, result.UserCount, result.Steps, result.Passwords));
    }

    /// <summary>The CLI's summary line as the detail, every bad row ("line N: …") in <c>errors</c>; null when nothing was rejected.</summary>
    private static IResult? Rejected(IReadOnlyList<RowError> errors, string? error, int? rowCount, long? auditEntryId)
    {
        if (errors.Count == 0)
        {
            return error is null ? null : ApiProblems.Failure(error, auditEntryId);
        }

        var of = rowCount is null or 0 ? "" : $" of {rowCount}";
        return ApiProblems.Problem(StatusCodes.Status400BadRequest, $"{errors.Count}{of} rows cannot be imported; nothing was changed.", new Dictionary<string, object?>
        {
            ["errors"] = errors.Select(e => ApiProblems.OneLine(e.ToString())).ToList(),
        });
    }

    private static async Task<(byte[]? Content, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var problem = ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, $"import: the file is larger than {ImportFormats.MaxFileBytes / (1024 * 1024)} MiB; split it.");
        if (request.ContentLength is > ImportFormats.MaxFileBytes)
        {
            return (null, problem);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ImportFormats.MaxFileBytes;
        }

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, problem);
        }

        return buffer.Length > ImportFormats.MaxFileBytes ? (null, problem) : (buffer.ToArray(), null);
    }
}
