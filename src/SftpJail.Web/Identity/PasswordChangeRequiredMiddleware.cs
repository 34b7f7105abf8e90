namespace SftpJail.Web.Identity;

/// <summary>
/// An account an Admin marked "must change password" (its cookie carries <see cref="PanelClaimsPrincipalFactory.MustChangePasswordClaim"/>)
/// reaches only the change-password page until it has changed it, plus what the sign-in flow needs: logging out, the
/// authenticator enrolment (<see cref="TwoFactorEnrolmentMiddleware"/> runs first and may demand it), static assets and
/// the machine-read health and metrics endpoints. Circuits are refused too (<see cref="CircuitPrincipalCheck"/>) and so are the
/// account's API tokens, which never carry the cookie.
/// </summary>
public sealed class PasswordChangeRequiredMiddleware(RequestDelegate next)
{
    public const string ChangePath = "/Account/ChangePassword";

    private static readonly string[] AllowedPrefixes = [ChangePath, TwoFactorEnrolmentMiddleware.EnrolPath, "/Account/Logout", "/Account/AccessDenied",
        "/lib/", "/_framework/", "/_content/", Operations.OperationsEndpoints.HealthPath, Operations.OperationsEndpoints.MetricsPath];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && context.User.HasClaim(PanelClaimsPrincipalFactory.MustChangePasswordClaim, "on")
            && !AllowedPrefixes.Any(p => context.Request.Path.StartsWithSegments(p.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            && !IsTopLevelAsset(context.Request.Path.Value ?? ""))
        {
            context.Response.Redirect(ChangePath);
            return Task.CompletedTask;
        }

        return next(context);
    }

    // MapStaticAssets serves fingerprinted names (app.i3qtp6y7mj.css) as endpoints behind this middleware.
    private static bool IsTopLevelAsset(string path) =>
        path.IndexOf('/', 1) < 0 && (path.StartsWith("/app.", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/favicon.", StringComparison.OrdinalIgnoreCase));
}
