using Microsoft.AspNetCore.Mvc;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;

namespace SftpJail.Web.Api;

/// <summary>/api/v1/audit: the CLI's <c>audit list</c> (with the panel's filters) and <c>audit verify</c>. Admin only, as in the panel.</summary>
public static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(ApiPolicies.Admin);
        audit.MapGet("", ListAsync).WithSummary("Audit entries, newest first, with optional filters (audit list)").Produces<Page<AuditRecord>>();
        audit.MapGet("/verify", async (IAuditLog log, CancellationToken ct) => TypedResults.Ok(await log.VerifyAsync(ct)))
            .WithSummary("Check the audit chain (audit verify)").Produces<AuditVerification>();
    }

    private static async Task<IResult> ListAsync(
        IAuditLog log,
        [FromQuery] string? actor,
        [FromQuery] string? target,
        [FromQuery] string? action,
        [FromQuery] string? result,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? page,
        [FromQuery] string? pageSize,
        CancellationToken ct)
    {
        if (!ApiQuery.TryWhole(page, "page", 1, int.MaxValue, 1, out var pageNumber, out var problem)
            || !ApiQuery.TryWhole(pageSize, "pageSize", 1, AuditLog.MaxPageSize, 50, out var size, out problem)
            || !ApiQuery.TryTime(from, "from", out var since, out problem)
            || !ApiQuery.TryTime(to, "to", out var until, out problem))
        {
            return problem!;
        }

        return TypedResults.Ok(await log.QueryAsync(new AuditQuery(actor, target, action, result, since, until, pageNumber, size), ct));
    }
}
