namespace SftpJail.Executor.Accounts;

/// <summary>
/// Removes accounts and groups from passwd, shadow, group and gshadow the way userdel (without -r) and groupdel do, many
/// in one rewrite under shadow-utils' locks instead of a process per account, each of which rewrites all four files (at
/// 10,000 accounts that is most of a removal's time). A user goes with its passwd and shadow lines, its name in every
/// member and administrator list, and its user-private group (named as the user, its primary gid, nobody else's primary
/// group and no other member: what userdel does with USERGROUPS_ENAB yes). As userdel, it refuses a user that still runs
/// a process. passwd is written first and shadow last, so a crash between them never leaves an account without the
/// shadow entry that keeps it expired.
/// </summary>
internal sealed class AccountFileRemoval(string etcDir)
{
    /// <summary>Removes each named user that exists; returns those it removed, in order.</summary>
    public IReadOnlyList<string> RemoveUsers(IReadOnlyList<string> names, Func<uint, int?> processOf)
    {
        using var locked = AccountFileLock.Take(etcDir);
        var files = AccountFiles.Read(etcDir);
        var database = AccountDatabase.Parse(files.Passwd, files.Group, files.Shadow, 0);
        var removed = names.Distinct(StringComparer.Ordinal).Where(n => database.FindUser(n) is not null).ToList();
        if (removed.Count == 0)
        {
            return removed;
        }

        var gone = removed.ToHashSet(StringComparer.Ordinal);
        foreach (var name in removed)
        {
            var account = database.FindUser(name)!;
            if (processOf(account.Uid) is { } pid)
            {
                throw new InvalidOperationException($"user {name} is currently used by process {pid}");
            }
        }

        var privateGroups = removed.Where(name => IsPrivateGroupOf(name, database, gone)).ToHashSet(StringComparer.Ordinal);
        var writer = files.Writer();
        writer.Replace("passwd", files.Passwd, Keep(files.Passwd, gone, _ => null));
        writer.Replace("group", files.Group, Keep(files.Group, privateGroups, fields => WithoutMembers(fields, gone, 3)));
        if (files.GShadow is not null)
        {
            writer.Replace("gshadow", files.GShadow, Keep(files.GShadow, privateGroups, fields => WithoutMembers(WithoutMembers(fields, gone, 2), gone, 3)));
        }

        writer.Replace("shadow", files.Shadow, Keep(files.Shadow, gone, _ => null));
        return removed;
    }

    /// <summary>What groupdel does: false when there is no such group; refused while it is some user's primary group.</summary>
    public bool RemoveGroup(string name)
    {
        using var locked = AccountFileLock.Take(etcDir);
        var files = AccountFiles.Read(etcDir);
        var database = AccountDatabase.Parse(files.Passwd, files.Group, files.Shadow, 0);
        if (database.FindGroup(name) is not { } group)
        {
            return false;
        }

        if (database.Users.FirstOrDefault(u => u.Gid == group.Gid) is { } user)
        {
            throw new InvalidOperationException($"cannot remove the primary group of user '{user.Name}'");
        }

        var only = new HashSet<string>(StringComparer.Ordinal) { name };
        var writer = files.Writer();
        writer.Replace("group", files.Group, Keep(files.Group, only, _ => null));
        if (files.GShadow is not null)
        {
            writer.Replace("gshadow", files.GShadow, Keep(files.GShadow, only, _ => null));
        }

        return true;
    }

    private static bool IsPrivateGroupOf(string name, AccountDatabase database, HashSet<string> gone) =>
        database.FindUser(name) is { } user
        && database.FindGroup(name) is { } group
        && group.Gid == user.Gid
        && !database.Users.Any(other => other.Gid == group.Gid && !gone.Contains(other.Name))
        && group.Members.All(gone.Contains);

    /// <summary>The file without the lines of <paramref name="dropped"/> names, every other line passed through <paramref name="change"/> (null: unchanged).</summary>
    private static string Keep(string file, HashSet<string> dropped, Func<string[], string[]?> change)
    {
        var lines = file.Split('\n').SkipLast(file.EndsWith('\n') ? 1 : 0);
        var kept = new List<string>();
        foreach (var line in lines)
        {
            var fields = line.Split(':');
            if (line.Length > 0 && line[0] is not '#' and not '+' and not '-' && dropped.Contains(fields[0]))
            {
                continue;
            }

            kept.Add(change(fields) is { } changed ? string.Join(':', changed) : line);
        }

        return kept.Count == 0 ? string.Empty : string.Join('\n', kept) + "\n";
    }

    /// <summary>The fields with the removed users taken out of the comma list at <paramref name="index"/>; null when none was in it.</summary>
    private static string[]? WithoutMembers(string[]? fields, HashSet<string> gone, int index)
    {
        if (fields is null || fields.Length <= index || fields[index].Length == 0)
        {
            return fields;
        }

        var members = fields[index].Split(',');
        if (!members.Any(gone.Contains))
        {
            return fields;
        }

        var copy = (string[])fields.Clone();
        copy[index] = string.Join(',', members.Where(m => !gone.Contains(m)));
        return copy;
    }
}
