using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace SftpJail.Web.Identity;

/// <summary>
/// An open interactive tab re-checks its user every <see cref="Interval"/> (<see cref="CircuitPrincipalCheck"/>):
/// a locked, demoted or logged-out-everywhere user's circuit turns anonymous, and the router sends it to the login page.
/// </summary>
public sealed class PanelRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>Configuration key (seconds); the tests shorten it.</summary>
    public const string IntervalKey = "Panel:CircuitRevalidationSeconds";

    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(0.05, configuration.GetValue(IntervalKey, 30.0)));

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A scope of its own: the circuit's services must not hold a DbContext between checks.
        await using var scope = scopes.CreateAsyncScope();
        return await CircuitPrincipalCheck.StillValidAsync(scope.ServiceProvider, authenticationState.User) is not null;
    }
}
