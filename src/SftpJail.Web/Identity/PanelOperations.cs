using Microsoft.AspNetCore.Components.Authorization;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;

namespace SftpJail.Web.Identity;

/// <summary>
/// The check every interactive event handler makes before acting: the circuit's user is re-read from the database
/// (<see cref="CircuitPrincipalCheck"/>) and must hold one of the roles, whatever the page was rendered for. Each
/// operation gets a service scope of its own, so a circuit never keeps a DbContext between two clicks.
/// </summary>
public sealed class PanelOperations(AuthenticationStateProvider authentication, IServiceScopeFactory scopes)
{
    /// <summary>A scope for one operation by a user who still holds one of <paramref name="roles"/>; null: refused.</summary>
    public async Task<PanelOperation?> BeginAsync(params string[] roles)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        var scope = scopes.CreateAsyncScope();
        try
        {
            var user = await CircuitPrincipalCheck.StillValidAsync(scope.ServiceProvider, principal);
            if (user is not null && roles.Any(principal.IsInRole))
            {
                var held = PanelRoles.All.Where(principal.IsInRole).ToList();
                return new PanelOperation(scope, user, held);
            }
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }

        await scope.DisposeAsync();
        return null;
    }
}

/// <summary>One authorised operation: its own services (and DbContext), disposed when it ends.</summary>
public sealed class PanelOperation(AsyncServiceScope scope, PanelUser user, IReadOnlyList<string> roles) : IAsyncDisposable
{
    public IServiceProvider Services => scope.ServiceProvider;

    public PanelUser User => user;

    public bool IsAdmin => roles.Contains(PanelRoles.Admin);

    public bool IsStaff => IsAdmin || roles.Contains(PanelRoles.Staff);

    /// <summary>How the change is attributed in the audit log, as for a form post.</summary>
    public Actor Actor => new($"panel:{user.UserName ?? "unknown"}");

    public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
