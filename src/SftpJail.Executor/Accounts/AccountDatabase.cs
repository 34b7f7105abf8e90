using System.Globalization;

namespace SftpJail.Executor.Accounts;

/// <summary>
/// A snapshot of the local account files. Read directly rather than through NSS (getent) on purpose: the executor
/// manages local accounts only, and a directory service answering for the same name must not be mistaken for one.
/// </summary>
public sealed class AccountDatabase
{
    private readonly Dictionary<string, PosixAccount> users;
    private readonly Dictionary<string, PosixGroup> groups;

    private AccountDatabase(Dictionary<string, PosixAccount> users, Dictionary<string, PosixGroup> groups)
    {
        this.users = users;
        this.groups = groups;
    }

    public IReadOnlyCollection<PosixAccount> Users => users.Values;

    public IReadOnlyCollection<PosixGroup> Groups => groups.Values;

    /// <summary>Reads passwd, group and shadow from <paramref name="etcDir"/>. A missing shadow file means no password or expiry data.</summary>
    public static AccountDatabase Load(string etcDir = "/etc") =>
        Parse(
            File.ReadAllText(Path.Combine(etcDir, "passwd")),
            File.ReadAllText(Path.Combine(etcDir, "group")),
            File.Exists(Path.Combine(etcDir, "shadow")) ? File.ReadAllText(Path.Combine(etcDir, "shadow")) : string.Empty,
            (long)(DateTime.UtcNow - DateTime.UnixEpoch).TotalDays);

    /// <summary>The passwd file alone (names, ids, homes, shells): no group memberships, expiry or password state.</summary>
    public static AccountDatabase LoadPasswd(string etcDir = "/etc") =>
        Parse(File.ReadAllText(Path.Combine(etcDir, "passwd")), string.Empty, string.Empty, 0);

    /// <param name="today">Days since 1970-01-01, the unit of the shadow expire field.</param>
    public static AccountDatabase Parse(string passwd, string group, string shadow, long today)
    {
        var groups = new Dictionary<string, PosixGroup>(StringComparer.Ordinal);

        // Each user's supplementary groups, in group-file order: one pass over the member lists, not one per user (a
        // jail group of 10,000 members made every load quadratic).
        var groupsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var fields in Records(group, minimumFields: 4))
        {
            if (TryParseId(fields[2], out var gid))
            {
                var members = fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (groups.TryAdd(fields[0], new PosixGroup(fields[0], gid, members)))
                {
                    foreach (var member in members.Distinct(StringComparer.Ordinal))
                    {
                        (groupsOf.TryGetValue(member, out var list) ? list : groupsOf[member] = []).Add(fields[0]);
                    }
                }
            }
        }

        var shadowByName = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var fields in Records(shadow, minimumFields: 2))
        {
            shadowByName.TryAdd(fields[0], fields);
        }

        var users = new Dictionary<string, PosixAccount>(StringComparer.Ordinal);
        foreach (var fields in Records(passwd, minimumFields: 7))
        {
            var name = fields[0];
            if (!TryParseId(fields[2], out var uid) || !TryParseId(fields[3], out var gid))
            {
                continue;
            }

            shadowByName.TryGetValue(name, out var secret);
            var supplementary = groupsOf.TryGetValue(name, out var memberOf) ? memberOf.ToArray() : [];
            users.TryAdd(name, new PosixAccount(
                name,
                uid,
                gid,
                fields[5],
                fields[6],
                supplementary,
                Expired: secret is not null && IsExpired(secret, today),
                HasUsablePassword: secret is not null && IsUsableHash(secret[1])));
        }

        return new AccountDatabase(users, groups);
    }

    public PosixAccount? FindUser(string name) => users.GetValueOrDefault(name);

    public PosixGroup? FindGroup(string name) => groups.GetValueOrDefault(name);

    public PosixGroup? FindGroup(uint gid) => groups.Values.FirstOrDefault(g => g.Gid == gid);

    /// <summary>Users whose primary group this is, or who are listed as supplementary members, ordered by name.</summary>
    public IReadOnlyList<PosixAccount> UsersInGroup(string groupName)
    {
        if (FindGroup(groupName) is not { } group)
        {
            return [];
        }

        var members = group.Members.ToHashSet(StringComparer.Ordinal);
        return users.Values
            .Where(u => u.Gid == group.Gid || members.Contains(u.Name))
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .ToArray();
    }

    // shadow(5): field 8 is the account expiration date in days since the epoch; empty means never.
    private static bool IsExpired(string[] shadow, long today) =>
        shadow.Length > 7 && long.TryParse(shadow[7], NumberStyles.None, CultureInfo.InvariantCulture, out var expire) && expire <= today;

    // "!" prefixes a locked hash, "*" (or "!" alone) means no password can match, empty means no password at all.
    private static bool IsUsableHash(string hash) => hash.Length > 0 && hash[0] is not '!' and not '*';

    private static IEnumerable<string[]> Records(string text, int minimumFields) =>
        text.Split('\n')
            .Where(line => line.Length > 0 && line[0] is not '#' and not '+' and not '-')
            .Select(line => line.TrimEnd('\r').Split(':'))
            .Where(fields => fields.Length >= minimumFields);

    // A line without numeric ids is not an account the system can use either; it is skipped, not guessed at.
    private static bool TryParseId(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
