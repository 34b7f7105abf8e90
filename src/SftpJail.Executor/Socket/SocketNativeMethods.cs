using System.Runtime.InteropServices;

namespace SftpJail.Executor.Socket;

/// <summary>
/// The few libc calls the socket server needs that .NET does not expose: lstat-like file status with owner and type
/// (statx has one layout on every architecture, unlike struct stat), lchown, and NSS user/group look-ups.
/// </summary>
internal static partial class SocketNativeMethods
{
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const uint StatxType = 0x1;
    public const uint StatxMode = 0x2;
    public const uint StatxUid = 0x8;
    public const uint StatxGid = 0x10;

    public const int Erange = 34;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LChown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    public static partial uint GetEffectiveGroupId();

    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int GetPasswordEntryByName(string name, out PasswdEntry entry, byte* buffer, nuint bufferLength, out nint result);

    [LibraryImport("libc", EntryPoint = "getgrnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int GetGroupEntryByName(string name, out GroupEntry entry, byte* buffer, nuint bufferLength, out nint result);

    /// <summary>struct statx (linux/stat.h): 256 bytes; only the fields read here are declared.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatxBuffer
    {
        [FieldOffset(0)]
        public uint Mask;

        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(24)]
        public uint Gid;

        [FieldOffset(28)]
        public ushort Mode;
    }

    /// <summary>struct passwd (pwd.h) as glibc lays it out.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PasswdEntry
    {
        public nint Name;
        public nint Password;
        public uint Uid;
        public uint Gid;
        public nint Gecos;
        public nint Directory;
        public nint Shell;
    }

    /// <summary>struct group (grp.h) as glibc lays it out.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GroupEntry
    {
        public nint Name;
        public nint Password;
        public uint Gid;
        public nint Members;
    }
}
