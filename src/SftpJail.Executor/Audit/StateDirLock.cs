using System.Runtime.InteropServices;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Audit;

/// <summary>
/// An exclusive flock(2) on a lock file in the state directory: the daemon and a root CLI running in-process share the
/// audit key, the anchor, the journal and the approvals, and must not interleave their read-modify-write of them.
/// </summary>
internal sealed partial class StateDirLock : IDisposable
{
    private const int LockExclusive = 2;
    private const uint PrivateMode = 0x180; // 0600
    private const int StateDirMode = 0b111_000_000; // 0700

    private readonly FileDescriptor fd;

    private StateDirLock(FileDescriptor fd) => this.fd = fd;

    public static StateDirLock Take(HostFileSystem files, AbsolutePath path)
    {
        if (path.Parent is { } stateDir && !files.Inspect(stateDir).Exists)
        {
            // A login can be audited before the first apply created the state directory; 0700 as the planner makes it.
            files.EnsureDirectory(stateDir, 0, 0, StateDirMode);
        }

        FileDescriptor opened;
        using (var parent = files.OpenParentForChange(path, out var name))
        {
            opened = Posix.TryOpenAt(parent, name, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.NoFollow | OpenFlags.CloseOnExec, PrivateMode, out var errno)
                ?? throw new PosixException("open", path.Value, errno);
        }

        while (flock(opened.Value, LockExclusive) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                opened.Dispose();
                throw new PosixException("flock", path.Value, errno);
            }
        }

        return new StateDirLock(opened);
    }

    /// <summary>Closing the descriptor releases the lock.</summary>
    public void Dispose() => fd.Dispose();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);
}
