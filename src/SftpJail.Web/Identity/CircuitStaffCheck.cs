using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;

namespace SftpJail.Web.Identity;

/// <summary>
/// The check every event handler of an interactive staff page makes before acting. A circuit's principal was read when
/// the tab opened; this re-reads the account from the database in the handler's own scope, so a user deleted, locked,
/// demoted or logged out everywhere (security stamp changed) since then is refused at the next click.
/// </summary>
public sealed class CircuitStaffCheck(AuthenticationStateProvider authentication)
{
    /// <summary>The audit actor of a current Admin or Staff account; null for anyone else.</summary>
    public async Task<Actor?> DemandStaffAsync(IServiceProvider scope)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var users = scope.GetRequiredService<UserManager<PanelUser>>();
        if (users.GetUserId(principal) is not { } id || await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        var stampClaim = principal.FindFirst(scope.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
        if (users.SupportsUserSecurityStamp && !string.Equals(stampClaim, await users.GetSecurityStampAsync(user), StringComparison.Ordinal))
        {
            return null;
        }

        if (await users.IsLockedOutAsync(user))
        {
            return null;
        }

        return await users.IsInRoleAsync(user, PanelRoles.Admin) || await users.IsInRoleAsync(user, PanelRoles.Staff)
            ? new Actor($"panel:{user.UserName}")
            : null;
    }

    /// <summary>The account id of the circuit's principal (who owns an apply it starts), checked or not.</summary>
    public async Task<string?> UserIdAsync()
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        return principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
    }
}
