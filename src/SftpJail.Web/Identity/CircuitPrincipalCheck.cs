using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SftpJail.Data.Identity;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Identity;

/// <summary>
/// Whether a principal a circuit holds still stands, read fresh from the database: the account exists, its security
/// stamp is unchanged, it is not waiting for a forced password change (password change, 2FA reset, "log out everywhere"), it is not locked out, every role the
/// principal claims is still held, Admin/Staff still have the authenticator the panel demands, and the server-side
/// session the cookie named has not been ended.
/// </summary>
public static class CircuitPrincipalCheck
{
    /// <summary>The claim <see cref="PanelSessions"/> copies the cookie's session id into, so a circuit can check it.</summary>
    public const string SessionClaim = "sftpjail:session";

    /// <summary>The account the principal names when it still stands, else null.</summary>
    public static async Task<PanelUser?> StillValidAsync(IServiceProvider services, ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var users = services.GetRequiredService<UserManager<PanelUser>>();
        var user = await users.GetUserAsync(principal);
        // An account that must change its password can do nothing else, in a circuit either.
        if (user is null || user.MustChangePassword || await users.IsLockedOutAsync(user))
        {
            return null;
        }

        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (users.SupportsUserSecurityStamp && principal.FindFirstValue(stampClaim) != await users.GetSecurityStampAsync(user))
        {
            return null;
        }

        var held = await users.GetRolesAsync(user);
        var claimed = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (claimed.Count == 0 || claimed.Any(role => !held.Contains(role, StringComparer.Ordinal)))
        {
            return null;
        }

        var isStaff = claimed.Contains(PanelRoles.Admin) || claimed.Contains(PanelRoles.Staff);
        if (isStaff && services.GetRequiredService<IOptionsMonitor<PanelOptions>>().CurrentValue.RequireTwoFactorForStaff && !user.TwoFactorEnabled)
        {
            return null;
        }

        var sessions = services.GetRequiredService<PanelSessions>();
        return await sessions.IsActiveAsync(user.Id, principal.FindFirstValue(SessionClaim)) ? user : null;
    }
}
