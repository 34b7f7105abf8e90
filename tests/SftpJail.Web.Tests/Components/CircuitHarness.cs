using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using SftpJail.Data.Identity;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// A bUnit context that stands in for one circuit of the real panel: the component's operations run in scopes of the
/// <see cref="PanelFactory"/>'s real services (its SQLite file, Identity, audit log, fake executor), and the circuit's user
/// is a principal built the way a sign-in builds it (claims factory, a real server-side session).
/// </summary>
public sealed class CircuitHarness : IAsyncDisposable
{
    private readonly BunitContext context = new();
    private readonly MutableAuthenticationState authentication = new();
    private Func<string>? markup;
    private Func<string, AngleSharp.Dom.IElement>? find;
    private Action<Action, TimeSpan>? waitFor;
    private IRenderedComponent<Bunit.Rendering.ContainerFragment>? host;
    private bool rendererInfoSet;

    public CircuitHarness(PanelFactory panel)
    {
        Panel = panel;
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(options => options.SnackbarConfiguration.ShowTransitionDuration = 0);
        context.Services.AddAuthorizationCore();
        context.Services.AddCascadingAuthenticationState();
        context.Services.AddSingleton<AuthenticationStateProvider>(authentication);
        var scopes = panel.Services.GetRequiredService<IServiceScopeFactory>();
        context.Services.AddScoped(sp => new PanelOperations(sp.GetRequiredService<AuthenticationStateProvider>(), scopes));
        context.Services.AddSingleton(panel.Services.GetRequiredService<SftpJail.Web.Identity.FirstAdminSetup>());
        // The host pages: background applies and the enrolment countdown's clock.
        context.Services.AddSingleton(panel.Services.GetRequiredService<SftpJail.Web.Applies.ApplyTracker>());
        context.Services.AddSingleton(panel.Services.GetRequiredService<TimeProvider>());
        // Components that check the circuit's user in a scope of their own (the set-password link button).
        context.Services.AddSingleton(new SftpJail.Web.Applies.OperationScopes(scopes));
        context.Services.AddScoped<CircuitStaffCheck>();
        context.Services.AddScoped<SftpJail.Web.Applies.CircuitConnection>(); // pages that show a secret once
        // What the prerender hands to the circuit (the dashboard's summary): empty unless a test persists something.
        PersistentState = context.AddBunitPersistentComponentState();
    }

    public BunitPersistentComponentState PersistentState { get; }

    public PanelFactory Panel { get; }

    public BunitContext Context => context;

    /// <summary>The circuit's user: anonymous, or the account signed in now (its current stamp, roles and a live session).</summary>
    public async Task SignInAsync(TestAccount? account) =>
        authentication.Set(account is null ? new ClaimsPrincipal(new ClaimsIdentity()) : await PrincipalAsync(Panel, account));

    /// <summary>A principal as the cookie handler hands it to a circuit, with the session claim a real sign-in carries.</summary>
    public static async Task<ClaimsPrincipal> PrincipalAsync(PanelFactory panel, TestAccount account)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        var user = (await users.FindByIdAsync(account.Id))!;
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PanelUser>>().CreateAsync(user);
        var properties = new AuthenticationProperties();
        await scope.ServiceProvider.GetRequiredService<PanelSessions>().StartAsync(user.Id, properties);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(CircuitPrincipalCheck.SessionClaim, properties.Items[PanelSessions.PropertyKey]!));
        return principal;
    }

    /// <summary>Renders <typeparamref name="TPage"/> under the layout's MudBlazor providers (dialogs, snackbars, popovers).</summary>
    public IRenderedComponent<TPage> Render<TPage>(string? uri = null, IReadOnlyDictionary<string, object?>? parameters = null) where TPage : IComponent
    {
        if (uri is not null)
        {
            context.Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        }

        if (!rendererInfoSet)
        {
            // As a circuit renders (the host pages read it); set once, at the first render: it builds the services.
            context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
            rendererInfoSet = true;
        }

        var rendered = context.Render(builder =>
        {
            builder.OpenComponent<CascadingAuthenticationState>(0);
            builder.AddAttribute(1, "ChildContent", (RenderFragment)(inner =>
            {
                inner.OpenComponent<MudPopoverProvider>(0);
                inner.CloseComponent();
                inner.OpenComponent<MudDialogProvider>(1);
                inner.CloseComponent();
                inner.OpenComponent<MudSnackbarProvider>(2);
                inner.CloseComponent();
                inner.OpenComponent<TPage>(3);
                foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
                {
                    inner.AddAttribute(4, name, value); // route parameters, as the router would pass them
                }

                inner.CloseComponent();
            }));
            builder.CloseComponent();
        });
        host = rendered;
        markup = () => rendered.Markup;
        find = selector => rendered.Find(selector);
        waitFor = (assertion, timeout) => rendered.WaitForAssertion(assertion, timeout);
        return rendered.FindComponent<TPage>();
    }

    /// <summary>The whole rendered markup (page, dialogs, snackbars).</summary>
    public string Markup => markup?.Invoke() ?? "";

    /// <summary>An element anywhere in the render (a dialog's button, a snackbar).</summary>
    public AngleSharp.Dom.IElement Find(string selector) => find!(selector);

    /// <summary>Every element anywhere in the render that matches (none is an empty list, not an error).</summary>
    public IReadOnlyList<AngleSharp.Dom.IElement> FindAll(string selector) => host!.FindAll(selector);

    /// <summary>A component anywhere in the render (a dialog's file input), the only one of its type.</summary>
    public IRenderedComponent<TComponent> FindComponent<TComponent>() where TComponent : IComponent => host!.FindComponent<TComponent>();

    public void WaitForAssertion(Action assertion, TimeSpan timeout) => waitFor!(assertion, timeout);

    public ValueTask DisposeAsync() => context.DisposeAsync();

    private sealed class MutableAuthenticationState : AuthenticationStateProvider
    {
        private Task<AuthenticationState> state = Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));

        public void Set(ClaimsPrincipal principal)
        {
            state = Task.FromResult(new AuthenticationState(principal));
            NotifyAuthenticationStateChanged(state);
        }

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => state;
    }
}
