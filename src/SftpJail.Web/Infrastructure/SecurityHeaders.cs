namespace SftpJail.Web.Infrastructure;

/// <summary>
/// Browser-side protections on every response (pages, redirects, errors, static files, downloads). Scripts come only
/// from the panel's own origin (blazor.web.js, MudBlazor's script; the circuit's WebSocket is same-origin too); styles
/// may be inline because MudBlazor writes its theme as a style element and sizes components with style attributes
/// (inline CSS cannot run script); data: images are the QR code rendered inline on the authenticator page.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; " +
        "frame-ancestors 'none'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set before the response starts, so even a response written by a later short-circuit carries them.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.GetEndpoint()?.Metadata.GetMetadata<ContentSecurityPolicyOverride>()?.Policy ?? ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
