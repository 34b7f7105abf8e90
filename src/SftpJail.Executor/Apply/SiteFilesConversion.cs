using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Apply;

/// <summary>
/// Carries out <see cref="ConvertSiteFilesAction"/>: every regular file and directory under html/ still in the web group
/// gets the web group's read ACL (from its own mode: what the group could do, minus writing) and then the site's group.
/// Each entry is opened with O_NOFOLLOW relative to a directory opened the same way and checked through that descriptor,
/// so a link or an entry swapped in mid-walk is never followed; a file with a second name (a hard link from elsewhere) is
/// left alone. Bounded like <see cref="RemovedUserFiles"/>: what the limit leaves keeps the web group, still served.
/// </summary>
internal sealed class SiteFilesConversion(HostFileSystem files)
{
    public const int MaxEntries = 200_000;
    private const uint KeepOwner = uint.MaxValue;

    private static readonly int EntryFlags =
        OpenFlags.ReadOnly | OpenFlags.NoFollow | OpenFlags.NonBlocking | OpenFlags.NoControllingTerminal | OpenFlags.CloseOnExec;

    /// <returns>How many entries were converted, and whether the walk stopped at its limit before the end.</returns>
    public (int Converted, bool Stopped) Convert(AbsolutePath html, uint webGid, uint siteGid, DirectoryAcl acl)
    {
        using var root = BoundedTreeWalk.OpenStart(files, html);
        if (root is null)
        {
            return (0, false);
        }

        var converted = 0;
        var walk = new BoundedTreeWalk(MaxEntries);
        walk.Visit(root, (directory, name, path, stat) =>
        {
            if (stat.Gid != webGid || !(stat.IsDirectory || (stat.IsRegularFile && stat.LinkCount == 1)))
            {
                return;
            }

            var display = html.Value + "/" + path;
            using var entry = Posix.TryOpenAt(directory, name, EntryFlags, 0, out _);
            if (entry is null)
            {
                return;
            }

            var opened = Posix.Stat(entry, display);
            if (opened.Gid != webGid || opened.IsDirectory != stat.IsDirectory || (!opened.IsDirectory && (!opened.IsRegularFile || opened.LinkCount != 1)))
            {
                return;
            }

            SiteDirectoryAcl.SetOn(entry, opened.IsDirectory, acl, opened.Permissions, webGid, html);
            Posix.ChangeOwner(entry, KeepOwner, siteGid, display);
            converted++;
        });
        return (converted, walk.Stopped);
    }
}
