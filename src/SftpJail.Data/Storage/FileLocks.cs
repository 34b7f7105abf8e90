using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SftpJail.Data.Storage;

/// <summary>Non-blocking <c>flock</c>: per open file, so two opens in one process exclude each other as two processes do.</summary>
internal static class FileLocks
{
    private const int Shared = 1;
    private const int Exclusive = 2;
    private const int NonBlocking = 4;
    private const int WouldBlock = 11; // EWOULDBLOCK
    private const int Interrupted = 4; // EINTR

    public static bool TryExclusive(SafeFileHandle handle) => TryLock(handle, Exclusive);

    public static bool TryShared(SafeFileHandle handle) => TryLock(handle, Shared);

    private static bool TryLock(SafeFileHandle handle, int operation)
    {
        while (true)
        {
            if (Flock((int)handle.DangerousGetHandle(), operation | NonBlocking) == 0)
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

    // DllImport: two int arguments need no marshalling, and this project compiles without unsafe code.
    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(int fd, int operation);
}
