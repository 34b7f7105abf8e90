using System.Globalization;
using System.Text;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Accounts;

/// <summary>An account <see cref="AccountFileBatch"/> creates: what useradd's flags in <see cref="SystemAccounts.CreateUserAsync"/> give it.</summary>
public sealed record NewAccount(LinuxUserName Name, AbsolutePath Home, AbsolutePath Shell, IReadOnlyList<LinuxGroupName> Groups);

/// <summary>
/// What a batch made: the ids of the entries created, in order. As one useradd (or groupadd) after another would, a
/// batch creates every entry before the first one that cannot be made (<see cref="FailedName"/>, with the reason) and none after.
/// </summary>
public sealed record BatchCreation(IReadOnlyDictionary<string, uint> Ids, string? FailedName = null, string? Error = null);

/// <summary>
/// Creates many accounts, or ends the lock of many, in one rewrite of passwd, shadow, group and gshadow, the way
/// newusers(8) does, instead of one useradd (a process that rewrites all four files) per account. Each account is what
/// <c>useradd --no-create-home --user-group --password '*' --expiredate 1 -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 --groups …</c>
/// makes: uid and user-private gid chosen as useradd chooses them (the highest in login.defs' range plus one; the gid
/// equal to the uid when that is free), no subordinate ids, created expired (locked). Every account is checked before
/// any file changes; the files are written under shadow-utils' locks, each atomically, shadow files first and passwd
/// last, so a crash between them leaves no account that exists without its locking shadow entry. Groups the same way
/// (<see cref="CreateGroups"/>, what groupadd does for an ordinary group).
/// </summary>
/// <param name="idRange">SftpJail's own uid/gid range (Host:AccountIdMin/Max) instead of login.defs'; null: login.defs'.</param>
public sealed class AccountFileBatch(string etcDir = "/etc", AccountIdRange? idRange = null)
{
    // shadow(5) expire field: day 1 (1970-01-02) locks every login method, as usermod --expiredate 1 does.
    private const string LockedExpiry = "1";

    /// <param name="reservedUids">Uids no new account may get (those of managed accounts deleted by hand).</param>
    /// <returns>The uid each new account got.</returns>
    public BatchCreation CreateLocked(IReadOnlyList<NewAccount> requested, IReadOnlySet<uint> reservedUids, long today)
    {
        if (requested.Count == 0)
        {
            return new BatchCreation(new Dictionary<string, uint>());
        }

        using var locked = AccountFileLock.Take(etcDir);
        var files = BatchLeftovers.Without(AccountFiles.Read(etcDir), requested.Select(a => a.Name.Value));
        var defs = Defs();
        var database = AccountDatabase.Parse(files.Passwd, files.Group, files.Shadow, today);
        var (failedAt, error) = FirstProblem(requested, database);
        var accounts = requested.Take(failedAt).ToList();

        var usedUids = new IdAllocator(database.Users.Select(u => u.Uid).Concat(reservedUids), defs.UidMin, defs.UidMax, "UID");
        var usedGids = new IdAllocator(database.Groups.Select(g => g.Gid), defs.GidMin, defs.GidMax, "GID");
        var passwd = new StringBuilder();
        var shadow = new StringBuilder();
        var group = new StringBuilder();
        var gshadow = new StringBuilder();
        var uids = new Dictionary<string, uint>(StringComparer.Ordinal);
        var joining = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            var uid = usedUids.Take();
            var gid = usedGids.Take(preferred: uid);
            var name = account.Name.Value;
            uids[name] = uid;
            passwd.Append(CultureInfo.InvariantCulture, $"{name}:x:{uid}:{gid}::{account.Home.Value}:{account.Shell.Value}\n");
            shadow.Append(CultureInfo.InvariantCulture, $"{name}:*:{today}:{defs.PassMinDays}:{defs.PassMaxDays}:{defs.PassWarnAge}::{LockedExpiry}:\n");
            group.Append(CultureInfo.InvariantCulture, $"{name}:x:{gid}:\n");
            gshadow.Append(CultureInfo.InvariantCulture, $"{name}:!::\n");
            foreach (var supplementary in account.Groups.Select(g => g.Value).Distinct(StringComparer.Ordinal))
            {
                (joining.TryGetValue(supplementary, out var members) ? members : joining[supplementary] = []).Add(name);
            }
        }

        // Shadow files first, passwd last: the account exists (to sshd, to getpwnam) only once it is locked.
        var writer = files.Writer();
        writer.Replace("shadow", files.Shadow, Append(files.Shadow, shadow));
        if (files.GShadow is not null)
        {
            writer.Replace("gshadow", files.GShadow, Append(AddMembers(files.GShadow, joining), gshadow));
        }

        writer.Replace("group", files.Group, Append(AddMembers(files.Group, joining), group));
        writer.Replace("passwd", files.Passwd, Append(files.Passwd, passwd));
        return new BatchCreation(uids, error is null ? null : requested[failedAt].Name.Value, error);
    }

    /// <summary>Creates ordinary groups (groupadd without --system: the next gid in login.defs' range) in one rewrite of group and gshadow.</summary>
    public BatchCreation CreateGroups(IReadOnlyList<LinuxGroupName> requested)
    {
        if (requested.Count == 0)
        {
            return new BatchCreation(new Dictionary<string, uint>());
        }

        using var locked = AccountFileLock.Take(etcDir);
        var files = AccountFiles.Read(etcDir);
        var defs = Defs();
        var database = AccountDatabase.Parse(files.Passwd, files.Group, files.Shadow, 0);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var failedAt = requested.Count;
        for (var i = 0; i < requested.Count && failedAt == requested.Count; i++)
        {
            failedAt = !seen.Add(requested[i].Value) || database.FindGroup(requested[i].Value) is not null ? i : failedAt;
        }

        var usedGids = new IdAllocator(database.Groups.Select(g => g.Gid), defs.GidMin, defs.GidMax, "GID");
        var group = new StringBuilder();
        var gshadow = new StringBuilder();
        var gids = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var name in requested.Take(failedAt).Select(g => g.Value))
        {
            var gid = usedGids.Take();
            gids[name] = gid;
            group.Append(CultureInfo.InvariantCulture, $"{name}:x:{gid}:\n");
            gshadow.Append(CultureInfo.InvariantCulture, $"{name}:!::\n");
        }

        var writer = files.Writer();
        if (files.GShadow is not null)
        {
            writer.Replace("gshadow", files.GShadow, Append(files.GShadow, gshadow));
        }

        writer.Replace("group", files.Group, Append(files.Group, group));
        return failedAt == requested.Count
            ? new BatchCreation(gids)
            : new BatchCreation(gids, requested[failedAt].Value, $"group '{requested[failedAt]}' already exists");
    }

    /// <summary>Clears the expiry of each named account (what <c>usermod --expiredate ''</c> does), in one rewrite of shadow.</summary>
    public void ClearExpiry(IReadOnlyCollection<LinuxUserName> names) => SetExpiry(names, string.Empty, "unlock");

    /// <summary>Expires each named account (what <c>usermod --expiredate 1</c> does), in one rewrite of shadow.</summary>
    public void Expire(IReadOnlyCollection<LinuxUserName> names) => SetExpiry(names, LockedExpiry, "lock");

    private void SetExpiry(IReadOnlyCollection<LinuxUserName> names, string expiry, string verb)
    {
        if (names.Count == 0)
        {
            return;
        }

        using var locked = AccountFileLock.Take(etcDir);
        var files = AccountFiles.Read(etcDir);
        var wanted = names.Select(n => n.Value).ToHashSet(StringComparer.Ordinal);
        var found = 0;
        var lines = SplitLines(files.Shadow);
        for (var i = 0; i < lines.Count; i++)
        {
            var fields = lines[i].Split(':');
            if (fields.Length >= 8 && wanted.Contains(fields[0]))
            {
                fields[7] = expiry;
                lines[i] = string.Join(':', fields);
                found++;
            }
        }

        if (found != wanted.Count)
        {
            throw new InvalidOperationException($"{wanted.Count - found} of the accounts to {verb} have no shadow entry.");
        }

        files.Writer().Replace("shadow", files.Shadow, Join(lines));
    }

    /// <summary>The index of the first account useradd would refuse, and why; the count and null when there is none.</summary>
    private static (int Index, string? Error) FirstProblem(IReadOnlyList<NewAccount> accounts, AccountDatabase database)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < accounts.Count; i++)
        {
            if (Problem(accounts[i], database, names) is { } error)
            {
                return (i, error);
            }
        }

        return (accounts.Count, null);
    }

    private static string? Problem(NewAccount account, AccountDatabase database, HashSet<string> names)
    {
        var name = account.Name.Value;
        if (!names.Add(name) || database.FindUser(name) is not null)
        {
            return $"user '{name}' already exists";
        }

        // useradd --user-group refuses a name that is already a group's: the account would share someone's group.
        if (database.FindGroup(name) is not null)
        {
            return $"group {name} exists - the new account needs a group of its own";
        }

        if (new[] { account.Home.Value, account.Shell.Value }.FirstOrDefault(f => f.AsSpan().IndexOfAny(':', '\n', '\r') >= 0) is { } field)
        {
            return $"the path '{field}' cannot go into an account file";
        }

        return account.Groups.FirstOrDefault(g => database.FindGroup(g.Value) is null) is { } missing ? $"group '{missing}' does not exist" : null;
    }

    private LoginDefs Defs()
    {
        var defs = LoginDefs.Read(etcDir);
        if (idRange is not null)
        {
            SubordinateIds.RefuseOverlap(idRange, defs, etcDir);
        }

        return defs.For(idRange);
    }

    private static string AddMembers(string file, Dictionary<string, List<string>> joining)
    {
        if (joining.Count == 0)
        {
            return file;
        }

        var lines = SplitLines(file);
        for (var i = 0; i < lines.Count; i++)
        {
            var fields = lines[i].Split(':');
            if (fields.Length >= 4 && joining.TryGetValue(fields[0], out var members))
            {
                var last = fields.Length - 1;
                // A set beside the list: a jail group of 100,000 members made Contains per new member quadratic.
                var present = fields[last].Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
                var known = present.ToHashSet(StringComparer.Ordinal);
                present.AddRange(members.Where(known.Add));
                fields[last] = string.Join(',', present);
                lines[i] = string.Join(':', fields);
            }
        }

        return Join(lines);
    }

    private static List<string> SplitLines(string file) =>
        [.. file.Split('\n').SkipLast(file.EndsWith('\n') ? 1 : 0)];

    private static string Join(List<string> lines) => lines.Count == 0 ? string.Empty : string.Join('\n', lines) + "\n";

    private static string Append(string file, StringBuilder lines) =>
        (file.Length == 0 || file.EndsWith('\n') ? file : file + "\n") + lines;
}
