using Microsoft.AspNetCore.Components.Authorization;
using SftpJail.Data.Services;

namespace SftpJail.Web.Identity;

/// <summary>
/// The check every event handler of the add-customer page makes before acting: <see cref="CircuitPrincipalCheck"/> (the
/// same one <see cref="PanelOperations"/> and the revalidation use) in the handler's own scope, plus an Admin or Staff
/// role, so a user deleted, locked, demoted or logged out everywhere since the tab opened is refused at the next click.
/// </summary>
public sealed class CircuitStaffCheck(AuthenticationStateProvider authentication)
{
    /// <summary>The audit actor of a current Admin or Staff account; null for anyone else.</summary>
    public async Task<Actor?> DemandStaffAsync(IServiceProvider scope)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        return await CircuitPrincipalCheck.StillValidAsync(scope, principal) is { } user
            && (principal.IsInRole(PanelRoles.Admin) || principal.IsInRole(PanelRoles.Staff))
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
