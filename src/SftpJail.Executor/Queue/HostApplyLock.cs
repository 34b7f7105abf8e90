using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Queue;

/// <summary>
/// An exclusive flock on the state directory (<see cref="DirectoryFlock"/>), held while one apply changes the host.
/// The engine's in-process lock does not reach another process (the CLI run as root applies in-process while the daemon
/// serves the panel). The directory itself is locked, so an apply that changes nothing changes no entry.
/// </summary>
internal static class HostApplyLock
{
    public static async Task<IDisposable> AcquireAsync(AbsolutePath directory, CancellationToken cancellationToken)
        => await DirectoryFlock.TakeAsync(directory, "the host's apply lock", cancellationToken);
}
