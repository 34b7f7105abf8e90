using System.Text;
using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Files;

/// <summary>
/// The executor's only way to look at and change files and directories. Reads never follow a link in the final
/// component; changes are confined to the configured writable roots, never follow a link anywhere below a root,
/// and are never recursive.
/// </summary>
public sealed partial class HostFileSystem
{
    private static readonly int ReadFlags =
        OpenFlags.ReadOnly | OpenFlags.NoFollow | OpenFlags.NonBlocking | OpenFlags.NoControllingTerminal | OpenFlags.CloseOnExec;

    private readonly AbsolutePath[] writableRoots;

    public HostFileSystem(IReadOnlyList<AbsolutePath> writableRoots)
    {
        ArgumentNullException.ThrowIfNull(writableRoots);
        this.writableRoots = [.. writableRoots];
    }

    public IReadOnlyList<AbsolutePath> WritableRoots => writableRoots;

    /// <summary>lstat(2): describes the path itself, never what a link points to.</summary>
    public FileSystemEntry Inspect(AbsolutePath path) =>
        Posix.TryStatNoFollow(null, path.Value, path.Value, out var stat)
            ? FileSystemEntry.From(path, stat)
            : FileSystemEntry.Missing(path);

    /// <summary>The UTF-8 text of a regular file, or null when nothing exists there. Refuses a link or any other kind of file.</summary>
    public string? ReadTextNoFollow(AbsolutePath path)
    {
        var bytes = ReadBytesNoFollow(path);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    public byte[]? ReadBytesNoFollow(AbsolutePath path)
    {
        using var fd = OpenRegularFileNoFollow(path, out _);
        return fd is null ? null : Posix.ReadToEnd(fd, path.Value);
    }

    /// <summary>Opens a regular file for reading, never through a link; null when nothing exists there.</summary>
    private static FileDescriptor? OpenRegularFileNoFollow(AbsolutePath path, out StatX stat)
    {
        // lstat first so that a FIFO or device is refused without ever being opened.
        if (!Posix.TryStatNoFollow(null, path.Value, path.Value, out var before))
        {
            stat = default;
            return null;
        }

        RequireRegularFile(path, before);
        var fd = Posix.TryOpen(path.Value, ReadFlags, out var errno)
            ?? throw (errno switch
            {
                Errno.ENOENT => new FileNotFoundException($"'{path}' disappeared while being read.", path.Value),
                Errno.ELOOP => new UnsafePathException(path, "it is a symbolic link, and the executor never follows links."),
                _ => new PosixException("open", path.Value, errno),
            });
        try
        {
            stat = Posix.Stat(fd, path.Value);
            RequireRegularFile(path, stat);
            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The last non-empty line of a regular text file, read from its end (an append-only log need not be read whole to
    /// add one line); "" for an empty file, null when nothing exists there. Refuses a link or any other kind of file.
    /// </summary>
    public string? ReadLastLineNoFollow(AbsolutePath path)
    {
        using var fd = OpenRegularFileNoFollow(path, out var stat);
        if (fd is null)
        {
            return null;
        }

        return LastLine(fd, (long)stat.Size, path.Value);
    }

    private static string LastLine(FileDescriptor fd, long size, string displayPath)
    {
        for (var window = Math.Min(size, 8 * 1024L); ; window = Math.Min(size, window * 4))
        {
            var buffer = new byte[window];
            var read = Posix.ReadAt(fd, buffer, size - window, displayPath);
            var text = buffer.AsSpan(0, read).TrimEnd((byte)'\n');
            var newline = text.LastIndexOf((byte)'\n');
            // A newline inside the window marks where the last line starts; without one the window must reach the file's start.
            if (newline >= 0 || window == size)
            {
                return Encoding.UTF8.GetString(text[(newline + 1)..]);
            }
        }
    }

    /// <summary>The writable root that contains <paramref name="path"/>; throws when there is none.</summary>
    public AbsolutePath RootContaining(AbsolutePath path) =>
        writableRoots.Where(path.IsWithin).MaxBy(root => root.Value.Length)
        ?? throw new UnauthorizedAccessException(
            $"'{path}' is outside the executor's writable roots ({(writableRoots.Length == 0 ? "none configured" : string.Join(", ", writableRoots.Select(r => r.Value)))}).");

    /// <summary>
    /// Opens the parent directory of <paramref name="path"/> for a change to its last component. The root's own
    /// ancestry is the administrator's and is opened normally; every directory below the root is opened with O_NOFOLLOW.
    /// </summary>
    internal FileDescriptor OpenParentForChange(AbsolutePath path, out string name)
    {
        var root = RootContaining(path);
        var parent = path.Parent ?? throw new UnauthorizedAccessException("The executor never changes '/' itself.");
        name = path.Name;
        if (path == root)
        {
            return Posix.OpenDirectory(parent.Value);
        }

        using var rootFd = Posix.OpenDirectory(root.Value);
        return NoFollowWalk.Descend(rootFd, root, parent);
    }

    private static void RequireRegularFile(AbsolutePath path, in StatX stat)
    {
        if (!stat.IsRegularFile)
        {
            throw new UnsafePathException(path, $"it is a {Describe(stat)}, not a regular file.");
        }
    }

    internal static string Describe(in StatX stat) => FileSystemEntry.KindOf(stat) switch
    {
        FileKind.Directory => "directory",
        FileKind.RegularFile => "regular file",
        FileKind.Symlink => "symbolic link",
        _ => "special file (device, FIFO or socket)",
    };
}
