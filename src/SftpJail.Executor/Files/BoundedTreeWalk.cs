using SftpJail.Executor.Native;

namespace SftpJail.Executor.Files;

/// <summary>
/// Visits every entry under an opened directory without following a link: each child directory is opened with
/// O_NOFOLLOW relative to its parent's descriptor, so a customer swapping a directory for a link mid-walk only makes
/// the walk skip it. Bounded in entries and depth because the tree is customer-controlled.
/// </summary>
internal sealed class BoundedTreeWalk(int limit, int maxDepth = 32)
{
    private static readonly int DirectoryFlags = OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.NoFollow | OpenFlags.CloseOnExec;

    public int Visited { get; private set; }

    /// <summary>True when the entry limit cut the walk short.</summary>
    public bool Stopped { get; private set; }

    /// <param name="onEntry">The entry's parent descriptor, its name, its path relative to the start, and its lstat.</param>
    public void Visit(FileDescriptor directory, Action<FileDescriptor, string, string, StatX> onEntry) => Visit(directory, string.Empty, 0, onEntry);

    private void Visit(FileDescriptor directory, string relative, int depth, Action<FileDescriptor, string, string, StatX> onEntry)
    {
        // The descriptor's /proc link lists exactly the directory that was opened, whatever its path now leads to.
        var names = Directory.EnumerateFileSystemEntries($"/proc/self/fd/{directory.Value}").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            if (Visited >= limit)
            {
                Stopped = true;
                return;
            }

            Visited++;
            var path = relative.Length == 0 ? name : relative + "/" + name;
            if (!Posix.TryStatNoFollow(directory, name, path, out var stat))
            {
                continue;
            }

            onEntry(directory, name, path, stat);
            if (stat.IsDirectory && depth < maxDepth)
            {
                using var child = Posix.TryOpenAt(directory, name, DirectoryFlags, 0, out _);
                if (child is not null)
                {
                    Visit(child, path, depth + 1, onEntry);
                }
            }
        }
    }

    /// <summary>Opens a directory inside the configured roots for walking, or null when it is missing or not a real directory.</summary>
    public static FileDescriptor? OpenStart(HostFileSystem files, Core.Values.AbsolutePath path)
    {
        if (files.Inspect(path).Kind != FileKind.Directory)
        {
            return null;
        }

        using var parent = files.OpenParentForChange(path, out var name);
        return Posix.TryOpenAt(parent, name, DirectoryFlags, 0, out _);
    }
}
