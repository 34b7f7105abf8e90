using SftpJail.Core.Values;

namespace SftpJail.Core.Planning;

/// <summary>The POSIX ACL entry kinds, with the tag values of the kernel's xattr format (acl_ea_entry.e_tag).</summary>
public enum AclTag
{
    UserObj = 0x01,
    User = 0x02,
    GroupObj = 0x04,
    Group = 0x08,
    Mask = 0x10,
    Other = 0x20,
}

/// <summary>One ACL entry; <paramref name="Qualifier"/> names the user or group of a named entry, null otherwise.</summary>
public sealed record AclEntry(AclTag Tag, string? Qualifier, int Permissions)
{
    public string Text => $"{Tag switch
    {
        AclTag.UserObj or AclTag.User => "user",
        AclTag.GroupObj or AclTag.Group => "group",
        AclTag.Mask => "mask",
        _ => "other",
    }}:{Qualifier}:{((Permissions & 4) != 0 ? 'r' : '-')}{((Permissions & 2) != 0 ? 'w' : '-')}{((Permissions & 1) != 0 ? 'x' : '-')}";
}

/// <summary>
/// A directory whose files one group may read but not change: the web server's group on a site's html/. The access
/// ACL lets it list and enter html/; the default ACL gives every file and directory created inside the same entry, so
/// an upload is readable by the web server while its group is the site's. The owner, group and other entries follow
/// the directory's mode; the mask is the group bits, so it never widens what the mode says.
/// <para>
/// A new file's ACL is the default ACL cut down by the mode its creator asked for (the umask does not apply under a
/// default ACL): an sftp upload of a 0644 or 0640 file gets mask r--, so the web group reads it; a 0600 file gets mask
/// ---, and is not served, exactly as with a 0600 file in the web group before.
/// </para>
/// </summary>
public sealed record DirectoryAcl(LinuxGroupName ReadOnlyGroup)
{
    private const int ReadAndEnter = 0b101;

    public IReadOnlyList<AclEntry> Access(int mode) =>
    [
        new(AclTag.UserObj, null, (mode >> 6) & 7),
        new(AclTag.GroupObj, null, (mode >> 3) & 7),
        new(AclTag.Group, ReadOnlyGroup.Value, ReadAndEnter),
        new(AclTag.Mask, null, (mode >> 3) & 7),
        new(AclTag.Other, null, mode & 7),
    ];

    /// <summary>The same entries: what is created inside gets what the directory has, cut by its own creation mode.</summary>
    public IReadOnlyList<AclEntry> Default(int mode) => Access(mode);

    /// <summary>The canonical text the executor's reading of the host is compared with.</summary>
    public string Describe(int mode) => AclText.Render(Access(mode), Default(mode));
}

/// <summary>One rendering of an access and a default ACL for both sides of the comparison ("" for no ACL at all).</summary>
public static class AclText
{
    public static string Render(IReadOnlyCollection<AclEntry> access, IReadOnlyCollection<AclEntry> @default)
    {
        var parts = new List<string>();
        if (access.Count > 0)
        {
            parts.Add(string.Join(',', Sorted(access).Select(e => e.Text)));
        }

        if (@default.Count > 0)
        {
            parts.Add("default:" + string.Join(",default:", Sorted(@default).Select(e => e.Text)));
        }

        return string.Join(' ', parts);
    }

    private static IEnumerable<AclEntry> Sorted(IEnumerable<AclEntry> entries) =>
        entries.OrderBy(e => e.Tag).ThenBy(e => e.Qualifier, StringComparer.Ordinal);
}
