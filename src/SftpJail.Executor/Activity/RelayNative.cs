using System.Runtime.InteropServices;

namespace SftpJail.Executor.Activity;

/// <summary>linkat(2), which .NET does not wrap: the relay's one socket gets a hard link in each chroot.</summary>
internal static partial class RelayNative
{
    public const int CrossDevice = 18; // EXDEV

    /// <summary>Without AT_SYMLINK_FOLLOW: links <paramref name="existing"/> itself, never what a link there names.</summary>
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int linkat(int oldDirFd, string oldPath, int newDirFd, string newPath, int flags);
}
