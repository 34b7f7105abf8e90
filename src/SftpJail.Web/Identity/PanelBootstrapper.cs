using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data;
using SftpJail.Data.Identity;

namespace SftpJail.Web.Identity;

/// <summary>
/// On start: brings the schema up to date, makes sure the three roles exist, and — only while there is no account at
/// all — opens the first-admin setup and logs its one-time URL (the log is the only place it is written).
/// </summary>
public sealed partial class PanelBootstrapper(
    IServiceScopeFactory scopes,
    FirstAdminSetup setup,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<PanelBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.MigrateSftpJailDatabaseAsync(cancellationToken);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in PanelRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var created = await roles.CreateAsync(new IdentityRole(role));
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"Cannot create role {role}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
                }
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        if (!await users.Users.AnyAsync(cancellationToken))
        {
            var token = setup.Open();
            lifetime.ApplicationStarted.Register(() => LogSetupUrl(token));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void LogSetupUrl(string token)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        address = address.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal);
        LogSetup(logger, $"{address.TrimEnd('/')}/setup?token={token}");
    }

    [LoggerMessage(LogLevel.Warning, "No panel account exists yet. Create the first Admin once at: {SetupUrl}")]
    private static partial void LogSetup(ILogger logger, string setupUrl);
}
