using System.Security.Cryptography;
using System.Text;
using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Files;

/// <summary>
/// Replaces a file so that readers see either the old or the new content, never a mix: the bytes go to a new
/// sibling created with O_EXCL|O_NOFOLLOW, are synced, then renamed over the target, and the directory is synced.
/// Confined to the roots of the given <see cref="HostFileSystem"/>. A file that already has exactly these bytes, owner
/// and mode is left alone (same inode and mtime), so an apply with nothing to change changes nothing on disk.
/// </summary>
public sealed class AtomicFileWriter(HostFileSystem fileSystem)
{
    private const uint TemporaryMode = 0x180; // 0600 until owner and mode are set
    private const int MaxNameInTemporary = 200;

    private static readonly int CreateFlags =
        OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.NoFollow | OpenFlags.CloseOnExec;

    private static readonly int CompareFlags =
        OpenFlags.ReadOnly | OpenFlags.NoFollow | OpenFlags.NonBlocking | OpenFlags.NoControllingTerminal | OpenFlags.CloseOnExec;

    /// <returns>False when the file already had this content, owner and mode and was left untouched.</returns>
    public bool Write(AbsolutePath path, string content, int mode, uint uid = 0, uint gid = 0) =>
        Write(path, Encoding.UTF8.GetBytes(content), mode, uid, gid);

    /// <returns>False when the file already had this content, owner and mode and was left untouched.</returns>
    public bool Write(AbsolutePath path, byte[] content, int mode, uint uid = 0, uint gid = 0)
    {
        ArgumentNullException.ThrowIfNull(content);
        HostFileSystem.RequireMode(mode);
        using var parent = fileSystem.OpenParentForChange(path, out var name);
        if (Posix.TryStatNoFollow(parent, name, path.Value, out var existing) && !existing.IsRegularFile)
        {
            throw new UnsafePathException(path, $"it is a {HostFileSystem.Describe(existing)}; only a regular file is replaced.");
        }

        if (AlreadyHolds(parent, name, path, content, mode, uid, gid))
        {
            return false;
        }

        var temporaryName = TemporaryNameFor(name);
        var temporaryPath = path.Parent!.Combine(temporaryName).Value;
        using var file = Posix.TryOpenAt(parent, temporaryName, CreateFlags, TemporaryMode, out var errno)
            ?? throw new PosixException("create", temporaryPath, errno);
        var renamed = false;
        try
        {
            using (file)
            {
                Posix.WriteAll(file, content, temporaryPath);
                Posix.ChangeOwner(file, uid, gid, temporaryPath);
                Posix.ChangeMode(file, mode, temporaryPath);
                Posix.Sync(file, temporaryPath);
            }

            // rename(2) replaces a link or file at the target itself and never follows it.
            Posix.RenameAt(parent, temporaryName, parent, name, path.Value);
            renamed = true;
            Posix.Sync(parent, path.Parent.Value);
        }
        catch when (!renamed)
        {
            RemoveQuietly(parent, temporaryName, temporaryPath);
            throw;
        }

        return true;
    }

    /// <summary>
    /// Compares through a descriptor opened without following links, so what is compared is what is there. A file with
    /// a second hard link is always replaced: the managed file must be a name of its own.
    /// </summary>
    private static bool AlreadyHolds(FileDescriptor parent, string name, AbsolutePath path, byte[] content, int mode, uint uid, uint gid)
    {
        using var existing = Posix.TryOpenAt(parent, name, CompareFlags, 0, out _);
        if (existing is null)
        {
            return false;
        }

        var stat = Posix.Stat(existing, path.Value);
        if (!stat.IsRegularFile || stat.LinkCount != 1 || stat.Uid != uid || stat.Gid != gid || stat.Permissions != mode || stat.Size != (ulong)content.Length)
        {
            return false;
        }

        return Posix.ReadToEnd(existing, path.Value).AsSpan().SequenceEqual(content);
    }

    private static void RemoveQuietly(FileDescriptor parent, string name, string displayPath)
    {
        try
        {
            Posix.UnlinkAt(parent, name, displayPath);
        }
        catch (IOException)
        {
            // The original failure is the one worth reporting.
        }
    }

    private static string TemporaryNameFor(string name) =>
        $".{(name.Length > MaxNameInTemporary ? name[..MaxNameInTemporary] : name)}.sftpjail-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}
