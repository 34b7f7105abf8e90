using Microsoft.Extensions.Options;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Identity;

/// <summary>
/// With <see cref="PanelOptions.RequireTwoFactorForStaff"/>, an Admin or Staff account without an authenticator can reach
/// only the enrolment page (and log out, and the machine-read health and metrics endpoints) until it sets one up: they can change every customer's host.
/// </summary>
public sealed class TwoFactorEnrolmentMiddleware(RequestDelegate next, IOptionsMonitor<PanelOptions> options)
{
    public const string EnrolPath = "/Account/Manage/EnableAuthenticator";

    private static readonly string[] AllowedPrefixes = [EnrolPath, "/Account/Logout", "/Account/AccessDenied", "/lib/", "/_framework/", "/_content/",
        Operations.OperationsEndpoints.HealthPath, Operations.OperationsEndpoints.MetricsPath];

    // MapStaticAssets serves fingerprinted names (app.i3qtp6y7mj.css) as endpoints behind this middleware.
    private static readonly string[] AllowedFilePrefixes = ["/app.", "/favicon."];

    public Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        if (options.CurrentValue.RequireTwoFactorForStaff
            && user.Identity?.IsAuthenticated == true
            && (user.IsInRole(PanelRoles.Admin) || user.IsInRole(PanelRoles.Staff))
            && user.FindFirst(PanelClaimsPrincipalFactory.TwoFactorClaim)?.Value != "on"
            && !AllowedPrefixes.Any(p => context.Request.Path.StartsWithSegments(p.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            && !IsTopLevelAsset(context.Request.Path.Value ?? ""))
        {
            context.Response.Redirect(EnrolPath + "?required=true");
            return Task.CompletedTask;
        }

        return next(context);
    }

    private static bool IsTopLevelAsset(string path) =>
        path.IndexOf('/', 1) < 0 && AllowedFilePrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
