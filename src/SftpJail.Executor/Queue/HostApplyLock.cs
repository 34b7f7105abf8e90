using System.Runtime.InteropServices;
using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Queue;

/// <summary>
/// An exclusive <c>flock</c> on the state directory, held while one apply changes the host. The engine's
/// in-process lock does not reach another process (the CLI run as root applies in-process while the daemon serves the
/// panel); the kernel releases this one when its holder dies, so a crash never leaves the host locked.
/// </summary>
internal static partial class HostApplyLock
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11; // EWOULDBLOCK
    private const int Interrupted = 4; // EINTR

    public static async Task<IDisposable> AcquireAsync(AbsolutePath directory, CancellationToken cancellationToken)
    {
        // The directory itself is locked: no lock file appears in it, so an apply that changes nothing changes no entry.
        var fd = LibC.open(directory.Value, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.CloseOnExec | OpenFlags.NoFollow, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {directory} to lock it: errno {Marshal.GetLastPInvokeError()}.");
        }

        var handle = new FileDescriptor(fd);
        try
        {
            var delay = 5;
            while (!TryLock(handle.Value))
            {
                await Task.Delay(delay, cancellationToken);
                delay = Math.Min(delay * 2, 100);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static bool TryLock(int fd)
    {
        while (true)
        {
            if (Flock(fd, LockExclusive | LockNonBlocking) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == WouldBlock)
            {
                return false;
            }

            if (errno != Interrupted)
            {
                throw new IOException($"flock failed: errno {errno}.");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
