using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SftpJail.Core.Values;

namespace SftpJail.Executor.Queue;

/// <summary>
/// An exclusive <c>flock</c> on a file in the state directory, held while one apply changes the host. The engine's
/// in-process lock does not reach another process (the CLI run as root applies in-process while the daemon serves the
/// panel); the kernel releases this one when its holder dies, so a crash never leaves the host locked.
/// </summary>
internal static partial class HostApplyLock
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11; // EWOULDBLOCK
    private const int Interrupted = 4; // EINTR

    public static async Task<IDisposable> AcquireAsync(AbsolutePath file, CancellationToken cancellationToken)
    {
        var stream = new FileStream(file.Value, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        try
        {
            var delay = 5;
            while (!TryLock(stream.SafeFileHandle))
            {
                await Task.Delay(delay, cancellationToken);
                delay = Math.Min(delay * 2, 100);
            }

            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private static bool TryLock(SafeFileHandle handle)
    {
        while (true)
        {
            if (Flock((int)handle.DangerousGetHandle(), LockExclusive | LockNonBlocking) == 0)
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
