using System.ComponentModel;
using System.Runtime.InteropServices;

namespace SftpJail.Executor.Socket;

public enum UnixFileKind
{
    Other,
    RegularFile,
    Directory,
    SymbolicLink,
    Socket,
}

/// <summary>What lstat would say about a path: its own type, permission bits and owner, never its link target's.</summary>
public sealed record UnixFileStatus(UnixFileKind Kind, UnixFileMode Mode, uint Uid, uint Gid)
{
    private const int TypeMask = 0xF000;

    /// <summary>Null when nothing is at <paramref name="path"/>; throws for any other failure (permission, I/O).</summary>
    public static UnixFileStatus? Read(string path)
    {
        const uint mask = SocketNativeMethods.StatxType | SocketNativeMethods.StatxMode | SocketNativeMethods.StatxUid | SocketNativeMethods.StatxGid;
        if (SocketNativeMethods.Statx(SocketNativeMethods.AtFdCwd, path, SocketNativeMethods.AtSymlinkNoFollow, mask, out var buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 // ENOENT, ENOTDIR
                ? null
                : throw new Win32Exception(errno, $"Cannot inspect {path}: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        var kind = (buffer.Mode & TypeMask) switch
        {
            0x8000 => UnixFileKind.RegularFile,
            0x4000 => UnixFileKind.Directory,
            0xA000 => UnixFileKind.SymbolicLink,
            0xC000 => UnixFileKind.Socket,
            _ => UnixFileKind.Other,
        };
        return new UnixFileStatus(kind, (UnixFileMode)(buffer.Mode & 0xFFF), buffer.Uid, buffer.Gid);
    }
}
