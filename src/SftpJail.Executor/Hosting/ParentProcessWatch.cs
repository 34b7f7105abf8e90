using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SftpJail.Executor.Hosting;

/// <summary>
/// A spawned daemon ends when the process that started it is gone, even if that one died by SIGKILL and could not
/// ask: the kernel re-parents an orphan, so a parent pid that changed means the panel is no longer there.
/// </summary>
internal sealed partial class ParentProcessWatch(int parentPid, IHostApplicationLifetime lifetime, ILogger<ParentProcessWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            if (GetParentPid() != parentPid)
            {
                LogParentGone(logger, parentPid);
                lifetime.StopApplication();
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentPid();

    [LoggerMessage(LogLevel.Warning, "The process that started this executor (pid {Pid}) is gone; stopping")]
    private static partial void LogParentGone(ILogger logger, int pid);
}
