using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using SftpJail.Data.Identity;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// A bUnit context over the real panel (its SQLite database, site service, Identity and apply tracker, with the fake
/// executor): services the test does not register come from the running panel, so a component's handlers act on the
/// same data a browser's would. The circuit's principal is whatever <see cref="SignInAs"/> set.
/// </summary>
public sealed class PanelComponentContext : BunitContext
{
    private readonly BunitAuthorizationContext auth;
    private readonly AsyncServiceScope panelScope;

    /// <param name="replace">Services the test puts in place of the panel's, registered before anything is resolved.</param>
    public PanelComponentContext(PanelFactory panel, Action<IServiceCollection>? replace = null)
    {
        Panel = panel;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddScoped<CircuitStaffCheck>();
        auth = AddAuthorization();
        // A scope, not the root: the renderer asks for scoped framework services the panel registers.
        panelScope = panel.Services.CreateAsyncScope();
        Services.AddFallbackServiceProvider(panelScope.ServiceProvider);
        auth.SetNotAuthorized();
        replace?.Invoke(Services);
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true)); // last: it builds the services
    }

    public PanelFactory Panel { get; }

    /// <summary>As a reload with <c>?apply=id</c> in the address bar would: the page reads its query.</summary>
    public void NavigateToApply(string applyId, string page = "sites/add") =>
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"{page}?apply={applyId}");

    /// <summary>Asynchronously only (use <c>await using</c>): MudBlazor's services are IAsyncDisposable alone.</summary>
    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await panelScope.DisposeAsync();
    }

    /// <summary>The circuit's principal as sign-in would have made it (<see cref="CircuitHarness.PrincipalAsync"/>): id, name, roles, stamp and session.</summary>
    public async Task SignInAs(TestAccount account)
    {
        var principal = await CircuitHarness.PrincipalAsync(Panel, account);
        auth.SetAuthorized(account.Email);
        auth.SetRoles([.. principal.FindAll(ClaimTypes.Role).Select(c => c.Value)]);
        auth.SetClaims([.. principal.Claims.Where(c => c.Type is not ClaimTypes.Role and not ClaimTypes.Name)]);
    }

    /// <summary>A context signed in as a new Staff account of <paramref name="panel"/>.</summary>
    public static async Task<PanelComponentContext> SignedInStaffAsync(PanelFactory panel, Action<IServiceCollection>? replace = null)
    {
        var ctx = new PanelComponentContext(panel, replace);
        await ctx.SignInAs(await panel.CreateStaffAsync());
        return ctx;
    }
}
