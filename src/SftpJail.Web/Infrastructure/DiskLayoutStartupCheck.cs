using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Data;
using SftpJail.Data.Storage;

namespace SftpJail.Web.Infrastructure;

/// <summary>
/// At start-up, logs where the panel's database and the executor's state directory share the jails' file system (a
/// customer who fills it would leave no room to record changes), and which disk limit is in force. The host page
/// shows the same. Once only: an executor that is not up yet is simply not asked again.
/// </summary>
internal sealed class DiskLayoutStartupCheck(IExecutorGateway executor, IServiceScopeFactory scopes, ILogger<DiskLayoutStartupCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HostInfo info;
        try
        {
            info = await executor.GetHostInfoAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is ExecutorUnavailableException or IOException or InvalidOperationException)
        {
            logger.LogInformation("Disk layout not checked at start-up, the executor is not answering: {Reason}", ex.Message);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Database.GetConnectionString();
        var warnings = (info.Disk?.Warnings ?? []).Append(DatabaseLayout.Warning(connectionString, info.JailRoot)).OfType<string>();
        foreach (var warning in warnings)
        {
            logger.LogWarning("{Warning}", warning);
        }

        if (info.Disk is { } disk)
        {
            logger.LogInformation("Disk limits: {Enforcement} (kernel quotas: {Detail})", disk.Enforcement, disk.Detail);
        }
    }
}
