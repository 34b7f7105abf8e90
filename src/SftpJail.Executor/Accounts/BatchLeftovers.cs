namespace SftpJail.Executor.Accounts;

/// <summary>
/// What a batch that died part-way left of an account it was making. <see cref="AccountFileBatch"/> replaces shadow,
/// gshadow, group and passwd in that order, so a crash or a full disk between two of them leaves the account's locked
/// shadow line, and perhaps its gshadow line and its empty user-private group, with no passwd line. The next apply
/// makes the same account again; without this it would stop for ever at "group exists" or give the name a second
/// shadow line. Only lines exactly as a batch writes them are removed, and only when all of them still are: a group
/// someone joined since, or that is anyone's primary group, stays and is refused as before.
/// </summary>
internal static class BatchLeftovers
{
    /// <summary>The files without the leftovers of the named accounts (the files themselves are not touched here).</summary>
    public static AccountFiles Without(AccountFiles files, IEnumerable<string> names)
    {
        var passwd = Lines(files.Passwd);
        var users = passwd.Select(l => l.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        var primaryGids = passwd.Select(l => l.Split(':')).Where(f => f.Length >= 7).Select(f => f[3]).ToHashSet(StringComparer.Ordinal);
        var shadow = Lines(files.Shadow);
        var group = Lines(files.Group);
        var gshadow = files.GShadow is null ? null : Lines(files.GShadow);
        var changed = false;
        foreach (var name in names.Where(n => !users.Contains(n)).Distinct(StringComparer.Ordinal))
        {
            var shadowAt = IndexOf(shadow, name);
            var groupAt = IndexOf(group, name);
            var gshadowAt = gshadow is null ? -1 : IndexOf(gshadow, name);
            if (shadowAt < 0 || !IsBatchShadow(shadow[shadowAt].Split(':'))
                || (groupAt >= 0 && !IsBatchGroup(group[groupAt].Split(':'), primaryGids))
                || (gshadowAt >= 0 && gshadow![gshadowAt] != $"{name}:!::"))
            {
                continue;
            }

            shadow.RemoveAt(shadowAt);
            if (groupAt >= 0)
            {
                group.RemoveAt(groupAt);
            }

            if (gshadowAt >= 0)
            {
                gshadow!.RemoveAt(gshadowAt);
            }

            changed = true;
        }

        return changed ? files.With(Join(shadow), Join(group), gshadow is null ? null : Join(gshadow)) : files;
    }

    // name:*:<day>:<min>:<max>:<warn>::1: — no password, locked by expiry day 1.
    private static bool IsBatchShadow(string[] fields) => fields.Length == 9 && fields[1] == "*" && fields[7] == "1";

    // name:x:<gid>: — nobody in it, nobody's primary group.
    private static bool IsBatchGroup(string[] fields, HashSet<string> primaryGids) =>
        fields.Length == 4 && fields[1] == "x" && fields[3].Length == 0 && !primaryGids.Contains(fields[2]);

    private static int IndexOf(List<string> lines, string name) => lines.FindIndex(l => l.StartsWith(name + ":", StringComparison.Ordinal));

    private static List<string> Lines(string file) => [.. file.Split('\n').SkipLast(file.EndsWith('\n') ? 1 : 0)];

    private static string Join(List<string> lines) => lines.Count == 0 ? string.Empty : string.Join('\n', lines) + "\n";
}
