using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;

namespace SftpJail.Executor.DiskUsage;

/// <summary>
/// Checks the disk limits every <c>Executor:DiskCheckIntervalSeconds</c> (60 by default), even when no panel or CLI
/// runs: a site that went over its limit turns read-only within one interval, and writable again once files are
/// deleted. At start it logs which limit is in force and where SftpJail's own directories share the jails' file system.
/// </summary>
public sealed class DiskLimitTimer(ExecutorEngine engine, TimeSpan interval, ILogger<DiskLimitTimer> logger) : BackgroundService
{
    public const string IntervalKey = "Executor:DiskCheckIntervalSeconds";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        LogLayout();
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await engine.CheckDiskLimitsAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Checking the disk limits failed; trying again in {Interval}", interval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private void LogLayout()
    {
        try
        {
            var status = engine.DiskStatus();
            logger.LogInformation("Disk limits: {Enforcement} (kernel quotas: {Detail})", status.Enforcement, status.Detail);
            foreach (var warning in status.Warnings)
            {
                logger.LogWarning("{Warning}", warning);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not check the disk layout");
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

public static class DiskLimitHostingExtensions
{
    /// <summary>The disk-limit timer over the engine registered as <see cref="IExecutorGateway"/>.</summary>
    public static IServiceCollection AddDiskLimitTimer(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = configuration.GetValue<int?>(DiskLimitTimer.IntervalKey) ?? 60;
        if (seconds is < 5 or > 86_400)
        {
            throw new Hosting.ExecutorStartupException($"{DiskLimitTimer.IntervalKey} must be between 5 and 86400 seconds, not {seconds}.");
        }

        var interval = TimeSpan.FromSeconds(seconds);
        services.AddHostedService(sp =>
        {
            var engine = (ExecutorEngine)sp.GetRequiredService<IExecutorGateway>();
            engine.DiskCheckInterval = interval;
            return new DiskLimitTimer(engine, interval, sp.GetRequiredService<ILoggerFactory>().CreateLogger<DiskLimitTimer>());
        });
        return services;
    }
}
