using Microsoft.AspNetCore.Mvc;
using SftpJail.Core.Planning;
using SftpJail.Data.Services;

namespace SftpJail.Web.Api;

/// <summary>
/// Every API error is RFC 9457 Problem Details whose <c>detail</c> is the line the CLI prints after "error: ". Status:
/// 400 for a request refused before anything was sent (the CLI's exit 2), 409 when the executor refused or failed the
/// change (exit 1; <c>auditEntryId</c> names its audit row), 503 when the executor cannot be reached.
/// </summary>
public static class ApiProblems
{
    private const string Unavailable = "The executor is unavailable";

    public static IResult Problem(int status, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: OneLine(detail), statusCode: status, title: Title(status), extensions: extensions);

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, detail);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, detail);

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, detail);

    /// <summary>The failure of a change, or null when it succeeded.</summary>
    public static IResult? Failure(OperationResult result) =>
        result.Succeeded ? null : Failure(result.Error ?? "The change failed.", result.AuditEntryId);

    public static IResult Failure(string error, long? auditEntryId)
    {
        var status = error.StartsWith(Unavailable, StringComparison.Ordinal) ? StatusCodes.Status503ServiceUnavailable
            : auditEntryId is null && IsNotFound(error) ? StatusCodes.Status404NotFound
            : auditEntryId is null ? StatusCodes.Status400BadRequest
            : StatusCodes.Status409Conflict;
        return Problem(status, error, auditEntryId is null ? null : new Dictionary<string, object?> { ["auditEntryId"] = auditEntryId });
    }

    /// <summary>The site service's "no such site/user" refusals (SiteService.Staging), answered 404 with the same text.</summary>
    private static bool IsNotFound(string error) =>
        error.StartsWith("domain: There is no site ", StringComparison.Ordinal) || error.StartsWith("username: There is no user ", StringComparison.Ordinal);

    /// <summary>A read the executor could not answer (plan, reconcile).</summary>
    public static IResult ReadFailure(string error) =>
        Problem(error.StartsWith(Unavailable, StringComparison.Ordinal) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status409Conflict, error);

    /// <summary>For the authentication handler and the rate limiter, which write the response themselves.</summary>
    public static Task Write(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = OneLine(detail) }).ExecuteAsync(context);

    /// <summary>The CLI's one-line form of a message (CliApplication.OneLine): whitespace runs collapsed, control characters dropped.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(part => new string(part.Where(c => !char.IsControl(c)).ToArray())));

    private static string Title(int status) => status switch
    {
        400 => "The request was refused",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "The host was not changed",
        413 => "Too large",
        415 => "Unsupported media type",
        429 => "Too many requests",
        503 => "The executor is unavailable",
        _ => "Error",
    };
}

/// <summary>A change that was applied: the CLI's success line, its audit row and the steps the executor took.</summary>
public sealed record ChangeResponse(string Message, long? AuditEntryId, IReadOnlyList<PlanStep> Steps)
{
    public static ChangeResponse Of(OperationResult result, string message) => new(message, result.AuditEntryId, result.Steps);
}
