using System.Runtime.InteropServices;
using SftpJail.Core.Values;

namespace SftpJail.Executor.Native;

/// <summary>
/// An exclusive <c>flock(2)</c> on a directory itself: no lock file appears in it, and the kernel drops the lock with
/// its holder, so a crash never leaves it held. A flock belongs to one open description: the same process taking it
/// twice through two <see cref="TakeAsync"/>/<see cref="Take"/> calls waits on itself. The wait polls with a
/// non-blocking flock and a growing delay (5 to 100 ms) so that it can be cancelled or time out; a blocking flock could not.
/// </summary>
internal static partial class DirectoryFlock
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    /// <summary>Waits for the lock without blocking a thread, until it is had or <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<FileDescriptor> TakeAsync(AbsolutePath directory, string purpose, CancellationToken cancellationToken)
    {
        var handle = Open(directory, purpose);
        try
        {
            for (var delay = 5; !TryLock(handle); delay = Math.Min(delay * 2, 100))
            {
                await Task.Delay(delay, cancellationToken);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Waits on this thread for the lock; gives up with an <see cref="IOException"/> after <paramref name="timeout"/>.</summary>
    public static FileDescriptor Take(AbsolutePath directory, string purpose, TimeSpan timeout)
    {
        var handle = Open(directory, purpose);
        try
        {
            var deadline = DateTime.UtcNow + timeout;
            for (var delay = 5; !TryLock(handle); delay = Math.Min(delay * 2, 100))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new IOException($"{directory} stayed locked by another process past {timeout.TotalSeconds:0} s ({purpose}).");
                }

                Thread.Sleep(delay);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static FileDescriptor Open(AbsolutePath directory, string purpose)
    {
        var fd = LibC.open(directory.Value, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.CloseOnExec | OpenFlags.NoFollow, 0);
        return fd < 0
            ? throw new IOException($"Cannot open {directory} to lock it ({purpose}): errno {Marshal.GetLastPInvokeError()}.")
            : new FileDescriptor(fd);
    }

    private static bool TryLock(FileDescriptor handle)
    {
        while (true)
        {
            if (Flock(handle.Value, LockExclusive | LockNonBlocking) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EAGAIN)
            {
                return false;
            }

            if (errno != Errno.EINTR)
            {
                throw new IOException($"flock failed: errno {errno}.");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
