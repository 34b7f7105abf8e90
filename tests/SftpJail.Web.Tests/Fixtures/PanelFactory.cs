using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Data;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Executor;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Tests.Fixtures;

/// <summary>
/// The real panel in memory: a shared-cache in-memory SQLite database kept alive by one open connection, the real data
/// layer and audit log, and a <see cref="FakeExecutor"/> in place of the privileged daemon. Tests use its verbs.
/// </summary>
public class PanelFactory : WebApplicationFactory<Program>
{
    private readonly string databaseName = "web-" + Guid.NewGuid().ToString("N");
    private readonly SqliteConnection keepAlive;
    private readonly string dataProtectionKeys = Path.Combine(Path.GetTempPath(), $"sjt-data-protection-{Guid.NewGuid():N}");
    private readonly ConcurrentQueue<string> logLines = new();
    private int counter;

    public PanelFactory()
    {
        keepAlive = new SqliteConnection(ConnectionString);
        keepAlive.Open();
    }

    public FakeExecutor Executor { get; } = new();

    /// <summary>False in most tests so they need not enrol an authenticator; the identity tests turn it on.</summary>
    protected virtual bool RequireTwoFactorForStaff => false;

    protected virtual string ExecutorModeSetting => "Socket";

    /// <summary>Puts the fake in place of the socket client; the panel's own mode resolution still runs.</summary>
    protected virtual void ConfigureExecutor(IServiceCollection services)
    {
        services.RemoveAll<IExecutorGateway>();
        services.AddSingleton<IExecutorGateway>(Executor);
    }

    private string ConnectionString => $"Data Source={databaseName};Mode=Memory;Cache=Shared";

    public string Unique(string stem) => $"{stem}{Interlocked.Increment(ref counter)}";

    public Task<TestAccount> CreateAdminAsync(string? email = null) => CreateAccountAsync(PanelRoles.Admin, email);

    public Task<TestAccount> CreateStaffAsync(string? email = null) => CreateAccountAsync(PanelRoles.Staff, email);

    public Task<TestAccount> CreateCustomerAsync(string? email = null) => CreateAccountAsync(PanelRoles.Customer, email);

    public async Task<TestAccount> CreateAccountAsync(string role, string? email = null)
    {
        EnsureStarted();
        email ??= $"{Unique(role.ToLowerInvariant())}@example.test";
        var password = "Fixture-pass-" + Guid.NewGuid().ToString("N")[..12];
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        var user = new PanelUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return new TestAccount(user.Id, email, password, role);
    }

    /// <summary>Turns on two-factor sign-in for <paramref name="account"/> as enrolment would; returns the key and ten recovery codes.</summary>
    public async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableTwoFactorAsync(TestAccount account)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        var user = (await users.FindByIdAsync(account.Id))!;
        await users.ResetAuthenticatorKeyAsync(user);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        return (key, codes);
    }

    /// <summary>The account as stored now (failed-login count, lockout end, authenticator key, recovery codes left).</summary>
    public async Task<(PanelUser User, string? AuthenticatorKey, int RecoveryCodesLeft)> ReadAccountAsync(string id)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        var user = (await users.FindByIdAsync(id))!;
        return (user, await users.GetAuthenticatorKeyAsync(user), await users.CountRecoveryCodesAsync(user));
    }

    /// <summary>Lockout off, so a test can make many failed attempts against one account.</summary>
    public async Task DisableLockoutAsync(TestAccount account)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        await users.SetLockoutEnabledAsync((await users.FindByIdAsync(account.Id))!, false);
    }

    /// <summary>Every audit row with every column, oldest first.</summary>
    public async Task<IReadOnlyList<SftpJail.Data.Audit.AuditEntry>> FullAuditAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>A site with one SFTP user (name suggested from the domain), applied through the fake executor, optionally owned by a new customer login.</summary>
    public async Task<TestSite> AddCustomerAsync(string? domain = null, bool withLogin = true)
    {
        EnsureStarted();
        domain ??= $"{Unique("shop")}.example.com";
        var customer = withLogin ? await CreateCustomerAsync() : null;
        await using var scope = Services.CreateAsyncScope();
        var sites = scope.ServiceProvider.GetRequiredService<ISiteService>();
        var result = await sites.AddSiteAsync(
            new NewSiteRequest(domain, Password: "Fixture-sftp-" + Guid.NewGuid().ToString("N")[..12], CustomerAccountId: customer?.Id),
            new Actor("test:fixture"));
        Assert.True(result.Succeeded, result.Error);
        var site = await sites.FindSiteAsync(domain);
        Assert.NotNull(site);
        return new TestSite(site.Site.Id, domain, site.Users[0].UserName, customer);
    }

    /// <summary>Many sites at once, straight into the database (as if applied long ago), for list-performance tests.</summary>
    public async Task SeedSitesAsync(int count, string stem)
    {
        EnsureStarted();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var site = new SftpJail.Data.Entities.Site { Domain = $"{stem}{i:D5}.example.net", CreatedAt = now.AddMinutes(-i), Status = SiteStatus.Applied, LastAppliedAt = now };
            site.Users.Add(new SftpJail.Data.Entities.SftpAccount { UserName = $"{stem}{i:D5}", HasPassword = true, CreatedAt = now });
            db.Sites.Add(site);
        }

        await db.SaveChangesAsync();
    }

    public PanelClient Anonymous() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<PanelClient> LoginAsAsync(TestAccount account)
    {
        var client = Anonymous();
        var page = await client.SubmitAsync("/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = account.Email,
            ["Input.Password"] = account.Password,
        });
        Assert.True(page.IsRedirect, $"login as {account.Email} did not redirect: {(int)page.Status} {string.Join(" | ", page.ValidationMessages())}");
        return client;
    }

    public async Task<int> CountSitesAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Sites.CountAsync();
    }

    public async Task<int> CountSftpAccountsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().SftpAccounts.CountAsync();
    }

    public async Task<int> CountPanelUsersAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Users.CountAsync();
    }

    public async Task<IReadOnlyList<(string Actor, string Action, string Target, string Result)>> AuditEntriesAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().AuditEntries.OrderBy(e => e.Id).ToListAsync())
            .Select(e => (e.Actor, e.Action, e.Target, e.Result)).ToList();
    }

    /// <summary>The one-time setup URL the panel logged at start (null when accounts existed already).</summary>
    public string? SetupPathFromLog()
    {
        EnsureStarted();
        var line = logLines.FirstOrDefault(l => l.Contains("/setup?token=", StringComparison.Ordinal));
        var match = line is null ? null : Regex.Match(line, @"/setup\?token=[A-Za-z0-9_-]+");
        return match is { Success: true } ? match.Value : null;
    }

    public IReadOnlyCollection<string> LogLines => logLines.ToArray();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // App configuration, not UseSetting: appsettings.json is read after host settings and would win.
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:SftpJail"] = ConnectionString,
            ["Executor:Mode"] = ExecutorModeSetting,
            ["Executor:SocketPath"] = "/nonexistent/sftpjail-web-tests.sock",
            ["Panel:RequireTwoFactorForStaff"] = RequireTwoFactorForStaff ? "true" : "false",
        }));
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(logLines)));
        builder.ConfigureTestServices(services =>
        {
            // The data layer reads its connection string while Program registers services, before this factory's
            // configuration is visible; re-register the context on the in-memory database explicitly.
            services.RemoveAll<DbContextOptions<SftpJailDbContext>>();
            services.RemoveAll<IDbContextOptionsConfiguration<SftpJailDbContext>>();
            services.AddDbContextFactory<SftpJailDbContext>(options => options.UseSqlite(ConnectionString + ";Foreign Keys=True"));
            ConfigureExecutor(services);

            // The Development settings put the data-protection keys under the real demo root; these tests keep theirs apart.
            services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(dataProtectionKeys));

            // Whatever the configuration says, these tests never start a root daemon: the browser tests do that.
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SpawnedExecutor)).ToList())
            {
                services.Remove(hosted);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            keepAlive.Dispose();
            if (Directory.Exists(dataProtectionKeys))
            {
                Directory.Delete(dataProtectionKeys, recursive: true);
            }
        }
    }

    private void EnsureStarted() => _ = Server;

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}

/// <summary>
/// The panel in Preview mode with the real in-process engine planning against an empty directory tree: plans are real,
/// applies are refused.
/// </summary>
public sealed class PreviewPanelFactory : PanelFactory
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sjweb-preview-" + Guid.NewGuid().ToString("N")[..8]);

    protected override string ExecutorModeSetting => "Preview";

    protected override void ConfigureExecutor(IServiceCollection services)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Host:SshdMode"] = "Dedicated",
            ["Host:ListenAddress"] = "127.0.0.1",
            ["Host:Port"] = "2299",
            ["Host:StateDir"] = $"{Root}/state",
            ["Host:JailRoot"] = $"{Root}/www",
            ["Host:AuthorizedKeysDir"] = $"{Root}/keys",
        }));
    }
}

/// <summary>The same panel with two-factor enrolment enforced for Admin and Staff, as in production.</summary>
public sealed class TwoFactorPanelFactory : PanelFactory
{
    protected override bool RequireTwoFactorForStaff => true;
}

/// <summary>The panel as deployed (Production: the generic error page, no developer exception page, bad requests answered not thrown).</summary>
public sealed class ProductionPanelFactory : PanelFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}
