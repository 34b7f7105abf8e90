using System.Runtime.InteropServices;

namespace SftpJail.Executor.Activity;

/// <summary>
/// linkat(2) and recvmsg(2), which .NET does not wrap: the relay's one socket gets a hard link in each chroot, and each
/// datagram is read with the sender's kernel-checked credentials.
/// </summary>
internal static unsafe partial class RelayNative
{
    public const int SolSocket = 1;
    public const int SoPassCred = 16;
    public const int ScmRights = 1;
    public const int ScmCredentials = 2;
    public const int MsgDontWait = 0x40;
    public const int MsgCmsgCloseOnExec = 0x40000000;

    /// <summary>Without AT_SYMLINK_FOLLOW: links <paramref name="existing"/> itself, never what a link there names.</summary>
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int linkat(int oldDirFd, string oldPath, int newDirFd, string newPath, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recvmsg(int fd, MessageHeader* message, int flags);

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (sequential layout pads after the name length as the C compiler does).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct cmsghdr; its data starts at the header's size rounded up to a size_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ControlHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>struct ucred, filled in by the kernel: a sender cannot claim another pid or uid (unless it is root).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Credentials
    {
        public int Pid;
        public uint Uid;
        public uint Gid;
    }
}
