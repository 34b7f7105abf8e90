extern alias executor;

using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Data;
using SftpJail.Data.Services;
using SftpJail.Data.Identity;
using executor::SftpJail.Executor;
using SftpJail.Web.Executor;
using SftpJail.Web.Identity;
using SftpJail.Web.Infrastructure;
using SftpJail.Web.Operations;

namespace SftpJail.Web;

public static class PanelExtensions
{
    /// <summary>Everything the panel needs: data, Identity, the executor connection, and the Razor components.</summary>
    public static IHostApplicationBuilder AddSftpJailPanel(this IHostApplicationBuilder builder)
    {
        // First: the demo root decides the defaults of the sections read below.
        DemoLayout.Apply(builder.Configuration, Environment.IsPrivilegedProcess);
        var services = builder.Services;
        services.AddOptions<PanelOptions>().BindConfiguration(PanelOptions.Section);
        services.AddOptions<ExecutorOptions>().BindConfiguration(ExecutorOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.AddSftpJailData();
        builder.AddPanelDataProtection();
        builder.AddPanelIdentity();
        builder.AddExecutorConnection();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHttpContextAccessor();
        services.AddScoped<FlashMessages>();
        services.AddScoped(provider => PanelQueueNotices.For(provider.GetRequiredService<FlashMessages>()));
        services.AddScoped<PanelAccess>();
        services.AddScoped<PanelAccounts>();
        services.AddScoped<AccountAudit>();
        services.AddScoped<AccountReauthentication>();
        services.AddScoped<PanelSessions>();
        services.AddSingleton<UnknownAccountPasswordCheck>();
        services.AddScoped<Components.Pages.Connect.ConnectionDetailsProvider>();
        Api.ApiServices.AddPanelApi(services);
        Activity.ActivityPanelExtensions.AddCustomerActivity(services, builder.Configuration);
        // Interactive pages: a circuit re-checks its user on a timer and in every event handler, one scope per operation.
        services.AddScoped<AuthenticationStateProvider, PanelRevalidatingAuthenticationStateProvider>();
        services.AddScoped<PanelOperations>();
        services.AddScoped<SiteGrid>();
        services.AddScoped<SiteDiskUsageRecorder>();
        services.AddHealthAndMetrics(); // /healthz and /metrics (Operations/)
        services.AddHostedService<NativeHeapTrimmer>(); // freed native memory back to the kernel (memory, README Benchmarks)
        // Interactive add-customer (issue 11 items 5-6): background applies and the per-handler staff check.
        services.AddSingleton<Applies.ApplyTracker>();
        services.AddSingleton<Applies.OperationScopes>();
        services.AddScoped<Applies.CircuitConnection>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(provider => provider.GetRequiredService<Applies.CircuitConnection>());
        services.AddScoped<CircuitStaffCheck>();
        // One-time set-password links (issue 11 item 6): the service, its options and the anonymous page's rate limit.
        SetPasswordLinks.SetPasswordLinkPanelServices.AddSetPasswordLinkPanel(services);
        return builder;
    }

    private static void AddPanelDataProtection(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"{PanelOptions.Section}:{nameof(PanelOptions.DataProtectionKeysDir)}"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return;
        }

        var directory = SftpJail.Core.Values.AbsolutePath.Parse(configured, $"{PanelOptions.Section}:{nameof(PanelOptions.DataProtectionKeysDir)}");
        builder.Services.AddDataProtection()
            .SetApplicationName("SftpJail")
            .PersistKeysToFileSystem(new DirectoryInfo(directory.Value));
    }

    private static void AddPanelIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddSingleton<FirstAdminSetup>();
        services.AddHostedService<PanelBootstrapper>();
        services.AddHostedService<DiskLayoutStartupCheck>();

        services.AddAuthentication(options =>
        {
            options.DefaultScheme = IdentityConstants.ApplicationScheme;
            options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        }).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            cookie.Cookie.Name = "SftpJail.Auth";
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;

            // Each sign-in is a server-side session that logging out ends (a copied cookie dies with it).
            cookie.Events.OnSigningIn = PanelSessions.OnSigningInAsync;
            cookie.Events.OnValidatePrincipal = PanelSessions.OnValidatePrincipalAsync;

            // A signed-in user without the role gets a real 403 (rendered by the status page), not a redirect.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        // "Log out everywhere" rotates the security stamp; checking it on every request makes that immediate.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddAuthorization();

        services.AddIdentityCore<PanelUser>(options =>
            {
                options.Stores.SchemaVersion = SftpJailDbContext.IdentitySchemaVersion;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = PasswordStrength.MinLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 5;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorTokenProvider.Name;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SftpJailDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(OneTimeAuthenticatorTokenProvider.Name)
            .AddPasswordValidator<PanelPasswordValidator<PanelUser>>()
            .AddClaimsPrincipalFactory<PanelClaimsPrincipalFactory>();
    }

    /// <summary>
    /// Decided when first needed, from the final configuration (so every source counts, including a test host's).
    /// The panel itself never runs a host command: in Preview the engine only plans and every apply is refused.
    /// </summary>
    private static void AddExecutorConnection(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ExecutorOptions>>().Value;
            var mode = ExecutorConnection.Resolve(options.Mode, sp.GetRequiredService<IHostEnvironment>().IsDevelopment(), Environment.IsPrivilegedProcess);
            return new ExecutorConnection(mode, mode == ExecutorMode.Preview ? null : options.SocketPath);
        });
        services.AddSingleton<IExecutorGateway>(sp =>
        {
            var connection = sp.GetRequiredService<ExecutorConnection>();
            return connection.IsPreview
                ? new PreviewExecutorGateway(ExecutorEngine.Create(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILoggerFactory>()))
                : new ExecutorSocketClient(connection.SocketPath!);
        });
        services.AddHostedService<SpawnedExecutor>();
    }
}
