using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SftpJail.Web.Infrastructure;

/// <summary>
/// Hands the native heap's free pages back to the kernel every <see cref="Interval"/> (glibc's <c>malloc_trim(0)</c>).
/// The JIT compiling a page's components, SQLite's page caches and OpenSSL allocate with malloc and free again, but
/// glibc keeps the freed memory inside its arenas unless it happens to sit at an arena's top: with 20 open circuits
/// 40 of the 57 MiB the arenas held were free and still resident (measured with <c>malloc_info</c>; README,
/// Benchmarks). A trim takes well under a millisecond and touches nothing in use.
/// </summary>
internal sealed partial class NativeHeapTrimmer(ILogger<NativeHeapTrimmer> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        try
        {
            // The first trim right away: start-up (the EF model, the first compiles) leaves the most behind.
            do
            {
                if (!TryTrim())
                {
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    /// <summary>Trims once; false when this C library has no <c>malloc_trim</c> (musl), so there is nothing to repeat.</summary>
    internal bool TryTrim()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var released = malloc_trim(0) != 0;
            LogTrimmed(logger, released, clock.Elapsed.TotalMilliseconds);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            LogUnavailable(logger, e.Message);
            return false;
        }
    }

    // DllImport: one integer argument, no marshalling; this project compiles without unsafe code.
    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);

    [LoggerMessage(LogLevel.Debug, "Native heap trimmed (memory released: {Released}) in {Milliseconds:F2} ms")]
    private static partial void LogTrimmed(ILogger logger, bool released, double milliseconds);

    [LoggerMessage(LogLevel.Information, "Native heap trimming is not available in this C library: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
