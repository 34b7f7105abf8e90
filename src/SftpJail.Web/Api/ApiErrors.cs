using Microsoft.AspNetCore.Diagnostics;

namespace SftpJail.Web.Api;

/// <summary>
/// Everything under <c>/api</c> that fails is answered as the API answers, with RFC 9457 Problem Details, never with
/// the panel's HTML status or error page: an unhandled exception (500 with an error reference, as the HTML error page
/// shows, and the exception in the log under it), and every error status that no endpoint gave a body — no route
/// (404), another method (405, with the API's own Allow header), a body that is not JSON (415), a value that could not be
/// bound (400). Runs inside the status-code pages, which it turns off for <c>/api</c>.
/// </summary>
public sealed partial class ApiErrors(RequestDelegate next, ILogger<ApiErrors> logger)
{
    public const string InternalErrorTitle = "The request failed";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away: there is nobody to answer.
            return;
        }
        catch (BadHttpRequestException refused) when (!context.Response.HasStarted)
        {
            // The framework's own refusals (a value that could not be bound, a body too large); its message can quote
            // the request, so only the status is passed on.
            Clear(context);
            await ApiProblems.Problem(refused.StatusCode, DetailFor(refused.StatusCode, context)).ExecuteAsync(context);
            return;
        }
        catch (Exception failure) when (!context.Response.HasStarted)
        {
            var reference = context.TraceIdentifier;
            LogFailure(logger, failure, reference, context.Request.Method, context.Request.Path);
            Clear(context);
            await TypedResults.Problem(
                    title: InternalErrorTitle,
                    detail: $"The request could not be completed. Nothing secret is shown here; the panel's log has the details under the reference {reference}.",
                    statusCode: StatusCodes.Status500InternalServerError,
                    extensions: new Dictionary<string, object?> { ["errorReference"] = reference })
                .ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            if (response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                var allowed = context.RequestServices.GetRequiredService<ApiRouteTable>().MethodsFor(context);
                response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.Allow);
                if (allowed.Count == 0)
                {
                    response.StatusCode = StatusCodes.Status404NotFound;
                }
                else
                {
                    response.Headers.Allow = string.Join(", ", allowed);
                }
            }

            await ApiProblems.Problem(response.StatusCode, DetailFor(response.StatusCode, context)).ExecuteAsync(context);
        }
    }

    private static void Clear(HttpContext context)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
    }

    private static string DetailFor(int status, HttpContext context) => status switch
    {
        StatusCodes.Status400BadRequest =>
            "A value in the route, the query string or a header could not be read for this call; the OpenAPI document at /api/openapi/v1.json gives each call's parameters.",
        StatusCodes.Status404NotFound => "There is no such API endpoint; the OpenAPI document at /api/openapi/v1.json lists them.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed here; this endpoint answers {context.Response.Headers.Allow}.",
        StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {ApiJson.MaxBodyBytes / 1024} KiB.",
        StatusCodes.Status415UnsupportedMediaType => "Send the request body as JSON (Content-Type: application/json).",
        _ => $"The request was answered with status {status}.",
    };

    [LoggerMessage(LogLevel.Error, "Error reference {Reference}: {Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string reference, string method, PathString path);
}
