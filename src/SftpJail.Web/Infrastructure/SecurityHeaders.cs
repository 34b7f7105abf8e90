namespace SftpJail.Web.Infrastructure;

/// <summary>
/// Browser-side protections on every response (pages, redirects, errors, static files, downloads). The panel has no
/// script and no inline style at all, so the policy allows only its own origin, plus data: images for the QR code
/// rendered inline on the authenticator page.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'self'; " +
        "frame-ancestors 'none'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set before the response starts, so even a response written by a later short-circuit carries them.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
