using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Accounts;

/// <summary>
/// Runs a shadow-utils program again when it gave up on a lock another process holds ("cannot lock /etc/group; try
/// again later."): any useradd, passwd or package script on the host holds those locks for moments, and the programs
/// retry only briefly. A refusal at the lock changed nothing, so running the same argv again is safe. Seen on a loaded
/// host: the executor's start-up groupadd failed this way and the dedicated sshd stayed down until the next apply.
/// </summary>
internal sealed class AccountToolLockRetry(IProcessRunner inner, TimeSpan? firstDelay = null, int attempts = 8) : IProcessRunner
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(3);

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default)
    {
        var delay = firstDelay ?? TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            var result = await inner.RunAsync(spec, ct).ConfigureAwait(false);
            if (result.ExitCode == 0 || attempt >= attempts || !IsLockBusy(result))
            {
                return result;
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    // shadow-utils' own wording (lib/commonio.c and every tool's "cannot lock %s; try again later."), C locale.
    internal static bool IsLockBusy(ProcessResult result) =>
        result.StandardError.Contains("cannot lock ", StringComparison.Ordinal)
        && result.StandardError.Contains("try again later", StringComparison.Ordinal);
}
