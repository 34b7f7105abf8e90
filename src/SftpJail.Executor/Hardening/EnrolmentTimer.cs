using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Core.Model.Hardening;

namespace SftpJail.Executor.Hardening;

/// <summary>
/// Closes the enrolment window by itself: sleeps until the stored window expires, then re-applies the last applied
/// desired state (with that state's generation, so it can never replay an older state over a newer one), whose
/// rendering no longer contains the window's password block. It reads the window from disk on
/// start, so a window opened before an executor restart still closes on time (or at once, if it expired meanwhile).
/// </summary>
public sealed class EnrolmentTimer(EnrolmentStore store, IExecutorGateway gateway, TimeProvider time, ILogger<EnrolmentTimer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);
    private const int MaxStaleRetries = 5;

    private readonly SemaphoreSlim changed = new(0, 1);

    /// <summary>A timer over <paramref name="engine"/>'s stored window, woken whenever an apply stores or clears one.</summary>
    public static EnrolmentTimer For(ExecutorEngine engine, TimeProvider time, ILogger<EnrolmentTimer> logger)
    {
        var timer = new EnrolmentTimer(engine.Enrolments, engine, time, logger);
        engine.EnrolmentChanged += timer.NotifyChanged;
        return timer;
    }

    /// <summary>Raised after the window was closed by a successful re-apply.</summary>
    public event Action<EnrolmentWindow>? Closed;

    /// <summary>Wakes the timer after a new window was stored (or one was closed by an apply).</summary>
    public void NotifyChanged()
    {
        try
        {
            changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up is enough.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var window = store.LoadWindow();
            if (window is null)
            {
                await WaitAsync(Timeout.InfiniteTimeSpan, stoppingToken);
                continue;
            }

            var remaining = window.RemainingAt(time.GetUtcNow());
            if (remaining > TimeSpan.Zero)
            {
                await WaitAsync(remaining, stoppingToken);
                continue;
            }

            if (await CloseAsync(window, stoppingToken))
            {
                Closed?.Invoke(window);
            }
            else
            {
                await WaitAsync(RetryDelay, stoppingToken);
            }
        }
    }

    private async Task<bool> CloseAsync(EnrolmentWindow window, CancellationToken stoppingToken)
    {
        for (var attempt = 1; attempt <= MaxStaleRetries; attempt++)
        {
            // Re-rendered from the latest applied state, carrying its generation: should a newer state land between
            // this read and the apply, the executor refuses this one as stale and the next read picks the newer one up.
            var last = store.LoadLastApplied();
            if (last is null)
            {
                // Nothing was ever applied with this window, so no sshd config carries it.
                store.ClearWindow(window);
                return true;
            }

            if (store.LoadWindow() != window)
            {
                // A newer apply stored another window or cleared this one: that apply already rendered without it.
                return true;
            }

            var result = await gateway.ApplyAsync(last with { Generation = last.Generation ?? 0 }, [], stoppingToken);
            if (result.IsStale)
            {
                logger.LogInformation("A newer state (generation {Generation}) was applied while closing the enrolment window; re-rendering from it", result.Generation);
                continue;
            }

            if (!result.Succeeded)
            {
                logger.LogError("Closing the enrolment window for {Admin} failed; retrying in {Delay}: {Error}", window.Admin, RetryDelay, result.Error);
                return false;
            }

            store.ClearWindow(window);
            logger.LogInformation("Enrolment window for {Admin} closed at {Now:u} (expired {Expiry:u})", window.Admin, time.GetUtcNow(), window.ExpiresAtUtc);
            return true;
        }

        return false;
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        // Timer granularity: never sleep more than a minute at a time, so a clock change is noticed.
        var capped = delay == Timeout.InfiniteTimeSpan || delay > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : delay + TimeSpan.FromMilliseconds(50);
        try
        {
            await changed.WaitAsync(capped, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        changed.Dispose();
        base.Dispose();
    }
}
