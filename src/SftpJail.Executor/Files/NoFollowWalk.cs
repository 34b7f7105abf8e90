using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Files;

/// <summary>
/// Opens a directory one component at a time with O_NOFOLLOW, so that no symbolic link anywhere below the
/// starting point is traversed, even one swapped in between a check and the use.
/// </summary>
internal static class NoFollowWalk
{
    private static readonly int DirectoryFlags =
        OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.NoFollow | OpenFlags.CloseOnExec;

    /// <summary>Descends from <paramref name="start"/> (an open directory at <paramref name="startPath"/>) to <paramref name="target"/>.</summary>
    /// <param name="visit">Called with each opened directory below the start, in order, before descending further.</param>
    public static FileDescriptor Descend(
        FileDescriptor start,
        AbsolutePath startPath,
        AbsolutePath target,
        Action<AbsolutePath, FileDescriptor>? visit = null)
    {
        if (!target.IsWithin(startPath))
        {
            throw new ArgumentException($"'{target}' is not below '{startPath}'.", nameof(target));
        }

        var current = start;
        var currentPath = startPath;
        try
        {
            foreach (var segment in SegmentsBelow(startPath, target))
            {
                var childPath = currentPath.Combine(segment);
                var child = OpenChildDirectory(current, segment, childPath);
                if (!ReferenceEquals(current, start))
                {
                    current.Dispose();
                }

                current = child;
                currentPath = childPath;
                visit?.Invoke(currentPath, current);
            }

            return ReferenceEquals(current, start) ? Reopen(start, startPath) : current;
        }
        catch
        {
            if (!ReferenceEquals(current, start))
            {
                current.Dispose();
            }

            throw;
        }
    }

    /// <summary>Opens the directory <paramref name="name"/> inside <paramref name="parent"/>, refusing a link or non-directory there.</summary>
    public static FileDescriptor OpenChildDirectory(FileDescriptor parent, string name, AbsolutePath displayPath)
    {
        var child = Posix.TryOpenAt(parent, name, DirectoryFlags, 0, out var errno);
        if (child is not null)
        {
            return child;
        }

        // O_NOFOLLOW|O_DIRECTORY on a link fails with ELOOP or ENOTDIR depending on the kernel; lstat tells which it was.
        if (errno is Errno.ELOOP or Errno.ENOTDIR && Posix.TryStatNoFollow(parent, name, displayPath.Value, out var stat))
        {
            throw stat.IsSymlink
                ? new UnsafePathException(displayPath, "it is a symbolic link, and the executor never follows links.")
                : new UnsafePathException(displayPath, "it exists but is not a directory.");
        }

        throw new PosixException("open", displayPath.Value, errno);
    }

    private static FileDescriptor Reopen(FileDescriptor directory, AbsolutePath path) =>
        Posix.TryOpenAt(directory, ".", DirectoryFlags, 0, out var errno) ?? throw new PosixException("open", path.Value, errno);

    private static string[] SegmentsBelow(AbsolutePath start, AbsolutePath target) =>
        target.Value.Length <= start.Value.Length
            ? []
            : target.Value[start.Value.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
}
