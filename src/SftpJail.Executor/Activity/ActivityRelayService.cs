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
    /// Puts a <c>dev/log</c> (a hard link to the relay's one socket) in every managed chroot so internal-sftp's transfer
    /// log reaches SftpJail. On by default: it adds a root-owned <c>dev/</c> beside each site's <c>html/</c>, which the
    /// executor takes out again when the site goes. Off, logins are still recorded, transfers are not (unless each
    /// chroot has an rsyslog socket of its own).
    /// </summary>
    public bool RelayChrootLogs { get; set; } = true;

    /// <summary>How often every chroot's link is checked (an apply syncs at once; this only repairs a link removed by hand).</summary>
    public int RelaySyncSeconds { get; set; } = 60;
}

/// <summary>Keeps the <see cref="SftpLogRelay"/>'s links in step with the managed chroots (the engine also syncs it after each apply).</summary>
public sealed class ActivityRelayService(ExecutorEngine engine, ActivityOptions options, ILogger<ActivityRelayService> logger) : BackgroundService
{
    private SftpLogRelay? attached;

    /// <summary>
    /// Attaches the relay before the host counts this service as started: since .NET 10 <see cref="BackgroundService"/>
    /// runs <see cref="ExecuteAsync"/> on a thread of its own, so attaching there raced the first activity read.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        attached = engine.AttachRelay(logger);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var relay = attached ?? engine.AttachRelay(logger);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.RelaySyncSeconds)));
        try
        {
            do
            {
                try
                {
                    await engine.SyncRelayAsync(stoppingToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Native.PosixException or Files.UnsafePathException)
                {
                    logger.LogWarning("The sftp log relay could not list the chroots: {Reason}", e.Message);
                }
            }
            while (await WaitAsync(timer, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            engine.DetachRelay(relay);
        }
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
