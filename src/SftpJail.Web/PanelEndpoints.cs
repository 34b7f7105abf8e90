using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Components.Pages.Audit;
using SftpJail.Web.Components.Pages.Connect;
using SftpJail.Web.Components.Pages.Sites;
using SftpJail.Web.Identity;
using SftpJail.Web.Operations;

namespace SftpJail.Web;

/// <summary>The few non-page endpoints: sign-out, downloads. Form posts here are antiforgery-checked like pages.</summary>
public static class PanelEndpoints
{
    public static IEndpointRouteBuilder MapPanelEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");
        account.MapPost("/Logout", async (
            HttpContext context,
            ClaimsPrincipal principal,
            [FromServices] UserManager<PanelUser> users,
            [FromServices] SignInManager<PanelUser> signIn,
            [FromServices] PanelSessions sessions,
            [FromServices] AccountAudit audit,
            [FromForm] string? returnUrl) =>
        {
            // Ends this browser's session on the server too, so a copy of its cookie is worthless from now on.
            if (users.GetUserId(principal) is { } userId)
            {
                await sessions.EndAsync(userId, await PanelSessions.CurrentIdAsync(context));
                await audit.RecordSignInAsync(new Actor($"panel:{principal.Identity?.Name}"), AccountAudit.LoggedOut, principal.Identity?.Name ?? userId, "this session");
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });

        account.MapPost("/LogoutEverywhere", async (
            ClaimsPrincipal principal,
            [FromServices] UserManager<PanelUser> users,
            [FromServices] SignInManager<PanelUser> signIn,
            [FromServices] PanelSessions sessions,
            [FromServices] AccountAudit audit,
            [FromForm] string? confirm) =>
        {
            // A new security stamp invalidates every cookie issued before it (checked on each request).
            if (await users.GetUserAsync(principal) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
                await sessions.EndAllAsync(user.Id);
                await audit.RecordAsync(new Actor($"panel:{user.Email}"), AccountAudit.LoggedOutEverywhere, user.Email!);
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        }).RequireAuthorization();

        endpoints.MapGet("/connect/{siteId:int}/filezilla.xml", FileZillaDownload.HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(PanelRoles.Admin, PanelRoles.Staff, PanelRoles.Customer));

        endpoints.MapAuditExport();
        endpoints.MapSitesExport();
        Api.ApiEndpoints.MapPanelApi(endpoints);
        endpoints.MapSiteListExport();
        endpoints.MapHealthAndMetrics(); // /healthz and /metrics (Operations/)
        return endpoints;
    }
}
