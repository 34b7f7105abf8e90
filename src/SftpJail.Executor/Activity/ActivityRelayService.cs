using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;

namespace SftpJail.Executor.Activity;

/// <summary>The "Activity" section of the executor's configuration.</summary>
public sealed class ActivityOptions
{
    public const string Section = "Activity";

    /// <summary>
    /// Puts a <c>dev/log</c> socket in every managed chroot so internal-sftp's transfer log reaches SftpJail. Off by
    /// default: it adds a root-owned <c>dev/</c> beside each site's <c>html/</c>. Without it (or an rsyslog socket in
    /// each chroot) logins are still recorded, transfers are not.
    /// </summary>
    public bool RelayChrootLogs { get; set; }

    public int RelaySyncSeconds { get; set; } = 10;
}

/// <summary>Keeps the <see cref="SftpLogRelay"/>'s sockets in step with the managed chroots.</summary>
public sealed class ActivityRelayService(ExecutorEngine engine, ActivityOptions options, ILogger<ActivityRelayService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var relay = new SftpLogRelay(ExecutorEngine.SftpRelayLogFor(engine.Profile).Value, logger);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.RelaySyncSeconds)));
        do
        {
            try
            {
                relay.Sync(engine.ManagedChroots());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                logger.LogWarning("The sftp log relay could not list the chroots: {Reason}", e.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

public static class ActivityHostingExtensions
{
    public static IServiceCollection AddActivityRelay(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ActivityOptions.Section).Get<ActivityOptions>() ?? new ActivityOptions();
        if (options.RelayChrootLogs)
        {
            services.AddHostedService(sp => new ActivityRelayService(
                (ExecutorEngine)sp.GetRequiredService<IExecutorGateway>(), options, sp.GetRequiredService<ILogger<ActivityRelayService>>()));
        }

        return services;
    }
}
