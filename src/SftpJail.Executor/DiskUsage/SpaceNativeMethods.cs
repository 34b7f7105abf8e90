using System.Runtime.InteropServices;

namespace SftpJail.Executor.DiskUsage;

/// <summary>fstatvfs(3) and fallocate(2): how much room a file system has, and taking some of it without writing.</summary>
internal static partial class SpaceNativeMethods
{
    /// <summary>Bytes free for root (f_bfree × f_frsize) on the file system of <paramref name="fd"/>; -1 on error.</summary>
    public static unsafe long FreeBytesForRoot(int fd)
    {
        // struct statvfs on 64-bit Linux: f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, ... (unsigned long each), 112 bytes.
        var buffer = stackalloc ulong[14];
        return fstatvfs(fd, buffer) == 0 ? (long)(buffer[3] * buffer[1]) : -1;
    }

    /// <summary>0, or the errno of fallocate (ENOSPC when the room is not there).</summary>
    public static int Allocate(int fd, long length) =>
        fallocate(fd, 0, 0, length) == 0 ? 0 : Marshal.GetLastPInvokeError();

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int fstatvfs(int fd, ulong* buffer);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fallocate(int fd, int mode, long offset, long length);
}
