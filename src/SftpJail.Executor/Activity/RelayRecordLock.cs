using System.Runtime.InteropServices;
using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Activity;

/// <summary>
/// An exclusive <c>flock</c> on the relay's state directory, held by whoever reads and rewrites the ownership record
/// (<see cref="RelayDevEntries"/>): the executor's relay syncing and an apply in another process (the CLI's repair, a
/// second executor) removing a site's <c>dev/</c> would otherwise each rewrite the record from what they read before
/// and lose the other's change. The directory itself is locked (no lock file in it); the kernel drops the lock with its
/// holder, so a crash never leaves it held. A flock belongs to one open description: the same process taking it twice
/// waits on itself, which <see cref="RelayDevEntries"/> avoids by holding one per instance.
/// </summary>
internal static class RelayRecordLock
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static FileDescriptor Take(AbsolutePath directory, TimeSpan? timeout = null)
    {
        var fd = LibC.open(directory.Value, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.CloseOnExec | OpenFlags.NoFollow, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {directory} to lock the relay's record: errno {Marshal.GetLastPInvokeError()}.");
        }

        var handle = new FileDescriptor(fd);
        try
        {
            var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
            var delay = 5;
            while (!TryLock(handle.Value))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new IOException($"{directory} stayed locked by another process (a sync or an apply) past {(timeout ?? DefaultTimeout).TotalSeconds:0} s.");
                }

                Thread.Sleep(delay);
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
            if (RelayNative.flock(fd, RelayNative.LockExclusive | RelayNative.LockNonBlocking) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == RelayNative.WouldBlock)
            {
                return false;
            }

            if (errno != RelayNative.Interrupted)
            {
                throw new IOException($"flock failed: errno {errno}.");
            }
        }
    }
}
