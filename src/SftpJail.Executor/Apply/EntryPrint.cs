using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Apply;

/// <summary>
/// A cheap fingerprint of one path from a single lstat: kind, owner, group, mode and inode, plus size and status-change
/// time for anything but a directory. A directory's times are left out on purpose: a customer's upload changes those
/// of html/, and only its owner, mode and ACLs matter to a plan; its ACLs are read raw (<see cref="AclPrint"/>). A file
/// rewritten, replaced, chmod'ed or chown'ed (even to the same value), or a directory's ACL changed, gets another print.
/// </summary>
internal static class EntryPrint
{
    public const string Missing = "missing";

    public static (string Print, FileSystemEntry Entry) Take(AbsolutePath path)
    {
        if (!Posix.TryStatNoFollow(null, path.Value, path.Value, out var stat))
        {
            return (Missing, FileSystemEntry.Missing(path));
        }

        var entry = FileSystemEntry.From(path, stat);
        var print = entry.Kind == FileKind.Directory
            ? $"d {stat.Uid} {stat.Gid} {stat.Permissions} {stat.Inode} {AclPrint.Of(path.Value, stat)}"
            : $"{entry.Kind} {stat.Uid} {stat.Gid} {stat.Permissions} {stat.Inode} {stat.Size} {stat.ChangeSeconds}.{stat.ChangeNanoseconds:D9}";
        return (print, entry);
    }
}
