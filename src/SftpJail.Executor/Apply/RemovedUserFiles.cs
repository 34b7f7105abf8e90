using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Apply;

/// <summary>
/// "Its files stay with the site": before a jailed account is deleted, whatever it owns in its site's html/ is handed
/// to the owner of html/ (the site's owner as the plan has just set it, or root when the removed user owned html/
/// itself). Otherwise the files would belong to a dead uid that no customer can change, and that a later account could
/// inherit. Only the owner changes (the group, the site's, stays); <c>fchownat(AT_SYMLINK_NOFOLLOW)</c> relative to a directory
/// opened with O_NOFOLLOW never follows a link a customer planted.
/// </summary>
internal sealed class RemovedUserFiles(HostFileSystem files)
{
    public const int MaxEntries = 200_000;
    private const uint KeepGroup = uint.MaxValue;

    /// <returns>How many entries were handed over, and whether the walk stopped at its limit before the end.</returns>
    public (int HandedOver, bool Stopped) HandOver(AbsolutePath home, uint removedUid)
    {
        var html = home.Combine("html");
        using var root = BoundedTreeWalk.OpenStart(files, html);
        if (root is null)
        {
            return (0, false);
        }

        var htmlOwner = Posix.Stat(root, html.Value).Uid;
        var heir = htmlOwner == removedUid ? 0u : htmlOwner;
        var handed = 0;
        var walk = new BoundedTreeWalk(MaxEntries);
        walk.Visit(root, (directory, name, path, stat) =>
        {
            if (stat.Uid == removedUid)
            {
                Posix.ChangeOwnerAt(directory, name, heir, KeepGroup, path);
                handed++;
            }
        });
        return (handed, walk.Stopped);
    }
}
