using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Files;

public sealed partial class HostFileSystem
{
    private static readonly int OpenNodeFlags =
        OpenFlags.ReadOnly | OpenFlags.NoFollow | OpenFlags.NonBlocking | OpenFlags.NoControllingTerminal | OpenFlags.CloseOnExec;

    /// <summary>
    /// Creates the directory if it is missing (its parent must exist), then sets owner and mode through a descriptor
    /// opened with O_NOFOLLOW, so a link swapped in after the mkdir is never followed. Returns true when it was created.
    /// </summary>
    public bool EnsureDirectory(AbsolutePath path, uint uid, uint gid, int mode)
    {
        RequireMode(mode);
        using var parent = OpenParentForChange(path, out var name);

        // Created 0700 so that nobody else can reach it before the owner and final mode are in place.
        var created = Posix.MakeDirectoryAt(parent, name, 0x1c0, path.Value);
        using var directory = NoFollowWalk.OpenChildDirectory(parent, name, path);
        ApplyOwnerAndMode(directory, path, uid, gid, mode);
        return created;
    }

    /// <summary>Sets owner and mode of an existing regular file or directory, refusing a link or special file.</summary>
    public void SetOwnerAndMode(AbsolutePath path, uint uid, uint gid, int mode)
    {
        RequireMode(mode);
        using var parent = OpenParentForChange(path, out var name);
        if (!Posix.TryStatNoFollow(parent, name, path.Value, out var before))
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path.Value);
        }

        RequireOwnableNode(path, before);
        var flags = OpenNodeFlags | (before.IsDirectory ? OpenFlags.Directory : 0);
        using var node = Posix.TryOpenAt(parent, name, flags, 0, out var errno)
            ?? throw (errno == Errno.ELOOP
                ? new UnsafePathException(path, "it became a symbolic link while being changed.")
                : new PosixException("open", path.Value, errno));

        var opened = Posix.Stat(node, path.Value);
        if (FileSystemEntry.KindOf(opened) != FileSystemEntry.KindOf(before))
        {
            throw new UnsafePathException(path, "it was replaced while being changed.");
        }

        RequireOwnableNode(path, opened);
        ApplyOwnerAndMode(node, path, uid, gid, mode);
    }

    /// <summary>Removes a file or link (never a directory). Returns false when nothing was there.</summary>
    public bool RemoveFile(AbsolutePath path)
    {
        using var parent = OpenParentForChange(path, out var name);
        if (!Posix.TryStatNoFollow(parent, name, path.Value, out var stat))
        {
            return false;
        }

        if (stat.IsDirectory)
        {
            throw new UnsafePathException(path, "it is a directory; the executor only removes files.");
        }

        return Posix.UnlinkAt(parent, name, path.Value);
    }

    /// <summary>Removes an empty real directory (never a link, never its contents). False when nothing was there; throws when it is not empty.</summary>
    public bool RemoveEmptyDirectory(AbsolutePath path)
    {
        using var parent = OpenParentForChange(path, out var name);
        if (!Posix.TryStatNoFollow(parent, name, path.Value, out var stat))
        {
            return false;
        }

        if (!stat.IsDirectory)
        {
            throw new UnsafePathException(path, $"it is a {Describe(stat)}, not a directory.");
        }

        return Posix.RemoveDirectoryAt(parent, name, path.Value);
    }

    /// <summary>rename(2) of a real directory within the roots. Refuses to replace anything already at <paramref name="to"/>.</summary>
    public void MoveDirectory(AbsolutePath from, AbsolutePath to)
    {
        using var fromParent = OpenParentForChange(from, out var fromName);
        using var toParent = OpenParentForChange(to, out var toName);
        if (!Posix.TryStatNoFollow(fromParent, fromName, from.Value, out var stat))
        {
            throw new DirectoryNotFoundException($"'{from}' does not exist.");
        }

        if (!stat.IsDirectory)
        {
            throw new UnsafePathException(from, $"it is a {Describe(stat)}, not a directory.");
        }

        if (Posix.TryStatNoFollow(toParent, toName, to.Value, out _))
        {
            throw new IOException($"Cannot move '{from}' to '{to}': something already exists there.");
        }

        Posix.RenameNoReplaceAt(fromParent, fromName, toParent, toName, $"{from} -> {to}");
    }

    private static void ApplyOwnerAndMode(FileDescriptor fd, AbsolutePath path, uint uid, uint gid, int mode)
    {
        // chown clears setuid/setgid, so the mode goes second.
        Posix.ChangeOwner(fd, uid, gid, path.Value);
        Posix.ChangeMode(fd, mode, path.Value);
    }

    private static void RequireOwnableNode(AbsolutePath path, in StatX stat)
    {
        if (!stat.IsDirectory && !stat.IsRegularFile)
        {
            throw new UnsafePathException(path, $"it is a {Describe(stat)}; only regular files and directories are changed.");
        }

        // A second hard link to a file elsewhere (say /etc/shadow) would hand that file to the new owner.
        if (stat.IsRegularFile && stat.LinkCount > 1)
        {
            throw new UnsafePathException(path, $"it has {stat.LinkCount} hard links, so changing it would change another path too.");
        }
    }

    internal static void RequireMode(int mode)
    {
        if (mode is < 0 or > 0xFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "A mode is permission bits between 0 and 07777.");
        }
    }
}
