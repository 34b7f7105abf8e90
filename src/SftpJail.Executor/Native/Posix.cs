using System.Runtime.InteropServices;

namespace SftpJail.Executor.Native;

/// <summary>
/// Thin, throwing wrappers over <see cref="LibC"/>. Each takes a display path used only in error messages;
/// every "At" call is relative to an already opened directory and never follows a link in the final name.
/// </summary>
internal static unsafe class Posix
{
    private const int DirectoryFlags = OpenFlags.ReadOnly | OpenFlags.CloseOnExec;

    public static FileDescriptor OpenDirectory(string path) =>
        Open(path, DirectoryFlags | OpenFlags.Directory);

    public static FileDescriptor Open(string path, int flags, uint mode = 0)
    {
        var fd = Retry(() => LibC.open(path, flags, mode));
        return fd >= 0 ? new FileDescriptor(fd) : throw PosixException.FromLastError("open", path);
    }

    /// <summary>Returns null and the errno instead of throwing, so callers can explain ELOOP/ENOTDIR in their own words.</summary>
    public static FileDescriptor? TryOpenAt(FileDescriptor directory, string name, int flags, uint mode, out int errno)
    {
        var fd = Retry(() => LibC.openat(directory.Value, name, flags, mode));
        errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
        return fd >= 0 ? new FileDescriptor(fd) : null;
    }

    public static FileDescriptor? TryOpen(string path, int flags, out int errno)
    {
        var fd = Retry(() => LibC.open(path, flags, 0));
        errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
        return fd >= 0 ? new FileDescriptor(fd) : null;
    }

    /// <summary>lstat semantics: false when the name (or a parent of it) does not exist.</summary>
    public static bool TryStatNoFollow(FileDescriptor? directory, string name, string displayPath, out StatX stat)
    {
        var dirFd = directory?.Value ?? LibC.AtFdCwd;
        if (LibC.statx(dirFd, name, LibC.AtSymlinkNoFollow, StatX.BasicStats, out stat) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is Errno.ENOENT or Errno.ENOTDIR ? false : throw new PosixException("statx", displayPath, errno);
    }

    public static StatX Stat(FileDescriptor fd, string displayPath) =>
        LibC.statx(fd.Value, string.Empty, LibC.AtEmptyPath, StatX.BasicStats, out var stat) == 0
            ? stat
            : throw PosixException.FromLastError("fstat", displayPath);

    public static void ChangeOwner(FileDescriptor fd, uint uid, uint gid, string displayPath) =>
        Check(LibC.fchown(fd.Value, uid, gid), "fchown", displayPath);

    /// <summary>lchown semantics relative to an opened directory: a link's own owner changes, its target never.</summary>
    public static void ChangeOwnerAt(FileDescriptor directory, string name, uint uid, uint gid, string displayPath) =>
        Check(LibC.fchownat(directory.Value, name, uid, gid, LibC.AtSymlinkNoFollow), "fchownat", displayPath);

    public static void ChangeMode(FileDescriptor fd, int mode, string displayPath) =>
        Check(LibC.fchmod(fd.Value, (uint)mode), "fchmod", displayPath);

    public static void Sync(FileDescriptor fd, string displayPath) =>
        Check(Retry(() => LibC.fsync(fd.Value)), "fsync", displayPath);

    /// <summary>False when something already exists under that name (of any kind: the caller checks which).</summary>
    public static bool MakeDirectoryAt(FileDescriptor directory, string name, uint mode, string displayPath)
    {
        if (LibC.mkdirat(directory.Value, name, mode) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.EEXIST ? false : throw new PosixException("mkdir", displayPath, errno);
    }

    public static void RenameAt(FileDescriptor fromDirectory, string fromName, FileDescriptor toDirectory, string toName, string displayPath) =>
        Check(LibC.renameat(fromDirectory.Value, fromName, toDirectory.Value, toName), "rename", displayPath);

    public static void RenameNoReplaceAt(FileDescriptor fromDirectory, string fromName, FileDescriptor toDirectory, string toName, string displayPath) =>
        Check(LibC.renameat2(fromDirectory.Value, fromName, toDirectory.Value, toName, LibC.RenameNoReplace), "rename", displayPath);

    /// <summary>unlinkat without AT_REMOVEDIR: never removes a directory. False when the name does not exist.</summary>
    public static bool UnlinkAt(FileDescriptor directory, string name, string displayPath)
    {
        if (LibC.unlinkat(directory.Value, name, 0) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.ENOENT ? false : throw new PosixException("unlink", displayPath, errno);
    }

    /// <summary>unlinkat with AT_REMOVEDIR: removes an empty directory, never a link. False when the name does not exist.</summary>
    public static bool RemoveDirectoryAt(FileDescriptor directory, string name, string displayPath)
    {
        if (LibC.unlinkat(directory.Value, name, LibC.RemoveDirectory) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.ENOENT ? false : throw new PosixException("rmdir", displayPath, errno);
    }

    public static byte[] ReadToEnd(FileDescriptor fd, string displayPath)
    {
        using var content = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            nint count;
            fixed (byte* p = buffer)
            {
                count = LibC.read(fd.Value, p, (nuint)buffer.Length);
            }

            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() == Errno.EINTR)
                {
                    continue;
                }

                throw PosixException.FromLastError("read", displayPath);
            }

            if (count == 0)
            {
                return content.ToArray();
            }

            content.Write(buffer, 0, (int)count);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/> (pread: the file offset is left alone); fewer bytes only at the end of the file.</summary>
    public static int ReadAt(FileDescriptor fd, Span<byte> buffer, long offset, string displayPath)
    {
        var total = 0;
        fixed (byte* p = buffer)
        {
            while (total < buffer.Length)
            {
                var count = LibC.pread(fd.Value, p + total, (nuint)(buffer.Length - total), offset + total);
                if (count < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Errno.EINTR)
                    {
                        continue;
                    }

                    throw PosixException.FromLastError("pread", displayPath);
                }

                if (count == 0)
                {
                    break;
                }

                total += (int)count;
            }
        }

        return total;
    }

    public static void WriteAll(FileDescriptor fd, ReadOnlySpan<byte> data, string displayPath)
    {
        fixed (byte* p = data)
        {
            var written = 0;
            while (written < data.Length)
            {
                var count = LibC.write(fd.Value, p + written, (nuint)(data.Length - written));
                if (count < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Errno.EINTR)
                    {
                        continue;
                    }

                    throw PosixException.FromLastError("write", displayPath);
                }

                written += (int)count;
            }
        }
    }

    private static void Check(int result, string operation, string displayPath)
    {
        if (result != 0)
        {
            throw PosixException.FromLastError(operation, displayPath);
        }
    }

    private static T Retry<T>(Func<T> call)
        where T : struct, IComparable<T>
    {
        while (true)
        {
            var result = call();
            if (result.CompareTo(default) >= 0 || Marshal.GetLastPInvokeError() != Errno.EINTR)
            {
                return result;
            }
        }
    }
}
