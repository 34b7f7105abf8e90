using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;

namespace SftpJail.Web.Identity;

/// <summary>
/// The server-side checks every handler repeats before acting, on top of the page's <c>[Authorize]</c>: the page
/// attribute guards the route, these guard the data (a Customer sees only the sites assigned to its account).
/// </summary>
public sealed class PanelAccess(IHttpContextAccessor accessor, UserManager<PanelUser> users)
{
    private ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAdmin => User.IsInRole(PanelRoles.Admin);

    public bool IsStaff => IsAdmin || User.IsInRole(PanelRoles.Staff);

    public bool IsCustomer => User.IsInRole(PanelRoles.Customer);

    public string? UserId => users.GetUserId(User);

    public string Name => User.Identity?.Name ?? "unknown";

    /// <summary>How changes made in this request are attributed in the audit log.</summary>
    public Actor Actor => new($"panel:{Name}");

    public bool CanOpen(SiteSummary site) =>
        IsStaff || (IsCustomer && UserId is { } id && string.Equals(site.CustomerAccountId, id, StringComparison.Ordinal));

    /// <summary>Marks the response 403 when the check fails; handlers return right after.</summary>
    public bool Demand(bool allowed)
    {
        if (!allowed && accessor.HttpContext is { } context)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return allowed;
    }
}
