using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Accounts;

/// <summary>
/// Accounts made in one batch (one rewrite of the real /etc account files) are the accounts useradd makes with the
/// executor's flags, locked until their expiry is cleared, and the shadow-utils tools keep working on them.
/// </summary>
[Collection(HostAccountsCollection.Name)]
public sealed class BatchAccountsTests : IDisposable
{
    private static readonly AbsolutePath NoLogin = AbsolutePath.Parse("/usr/sbin/nologin");

    private readonly TemporaryAccounts names = new();
    private readonly SystemAccounts accounts = new(new ProcessRunner());

    public void Dispose() => names.Dispose();

    [Fact]
    public async Task A_batch_account_has_the_same_entries_as_one_made_by_useradd_locked_and_in_its_groups()
    {
        var group = names.NewGroupName();
        await accounts.CreateGroupAsync(group, system: false);
        var byHand = names.NewUserName();
        await accounts.CreateUserAsync(byHand, AbsolutePath.Parse("/srv/batch/" + byHand), NoLogin, [group], locked: true);
        var batch = Enumerable.Range(0, 3).Select(_ => names.NewUserName()).ToList();

        var made = await accounts.CreateLockedUsersAsync([.. batch.Select(u => new NewAccount(u, AbsolutePath.Parse("/srv/batch/" + u), NoLogin, [group]))], new HashSet<uint>());
        var uids = made.Ids;

        Assert.Null(made.Error);
        foreach (var user in batch)
        {
            Assert.Equal(Without(Line("passwd", byHand), byHand, 2, 3), Without(Line("passwd", user), user, 2, 3));
            Assert.Equal(Without(Line("shadow", byHand), byHand), Without(Line("shadow", user), user));
            Assert.Equal(Without(Line("group", byHand), byHand, 2), Without(Line("group", user), user, 2));
            Assert.Equal(Without(Line("gshadow", byHand), byHand), Without(Line("gshadow", user), user));
            var account = AccountDatabase.Load().FindUser(user.Value)!;
            Assert.Equal(uids[user.Value], account.Uid);
            Assert.True(account.Expired);
            Assert.Equal([group.Value], account.SupplementaryGroups);
            Assert.Equal(user.Value, (await new ProcessRunner().RunAsync(new ProcessSpec("/usr/bin/id", ["-un", uids[user.Value].ToString(System.Globalization.CultureInfo.InvariantCulture)]))).StandardOutput.Trim());
        }

        Assert.Equal([byHand.Value, .. batch.Select(u => u.Value)], Line("group", group).Split(':')[3].Split(','));
        Assert.Equal([byHand.Value, .. batch.Select(u => u.Value)], Line("gshadow", group).Split(':')[3].Split(','));
        Assert.Equal(3, batch.Select(u => uids[u.Value]).Distinct().Count());
        Assert.DoesNotContain(File.ReadLines("/etc/subuid"), line => batch.Any(u => line.StartsWith(u.Value + ":", StringComparison.Ordinal)));
        Assert.False(File.Exists("/etc/passwd.lock"));
    }

    [Fact]
    public async Task Clearing_the_expiry_of_a_batch_unlocks_exactly_those_accounts_and_userdel_removes_them()
    {
        var batch = Enumerable.Range(0, 3).Select(_ => names.NewUserName()).ToList();
        await accounts.CreateLockedUsersAsync([.. batch.Select(u => new NewAccount(u, AbsolutePath.Parse("/srv/batch/" + u), NoLogin, []))], new HashSet<uint>());

        await accounts.ClearExpiryAsync(batch.Take(2).ToList());

        var database = AccountDatabase.Load();
        Assert.Equal([false, false, true], batch.Select(u => database.FindUser(u.Value)!.Expired));
        Assert.Equal(string.Empty, Line("shadow", batch[0]).Split(':')[7]);
        Assert.True(await accounts.RemoveUserAsync(batch[0]));
        Assert.Null(AccountDatabase.Load().FindGroup(batch[0].Value));
    }

    [Fact]
    public async Task A_batch_stops_at_a_name_that_exists_as_one_useradd_after_another_would()
    {
        var existing = names.NewUserName();
        await accounts.CreateUserAsync(existing, AbsolutePath.Parse("/srv/x"), NoLogin, []);
        var (before, after) = (names.NewUserName(), names.NewUserName());

        var made = await accounts.CreateLockedUsersAsync(
            [.. new[] { before, existing, after }.Select(u => new NewAccount(u, AbsolutePath.Parse("/srv/x"), NoLogin, []))], new HashSet<uint>());

        Assert.Equal([before.Value], made.Ids.Keys);
        Assert.Equal(existing.Value, made.FailedName);
        Assert.Contains("already exists", made.Error, StringComparison.Ordinal);
        var database = AccountDatabase.Load();
        Assert.True(database.FindUser(before.Value)!.Expired);
        Assert.Null(database.FindUser(after.Value));
        Assert.All(new[] { "passwd", "shadow", "group", "gshadow" }, file => Assert.DoesNotContain(File.ReadLines("/etc/" + file), l => l.StartsWith(after.Value + ":", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_group_batch_makes_ordinary_groups_groupadd_would_and_stops_at_one_that_exists()
    {
        var byHand = names.NewGroupName();
        await accounts.CreateGroupAsync(byHand, system: false);
        var (first, second, after) = (names.NewGroupName(), names.NewGroupName(), names.NewGroupName());

        var made = await accounts.CreateGroupsAsync([first, second, byHand, after]);

        Assert.Equal([first.Value, second.Value], made.Ids.Keys);
        Assert.Equal(byHand.Value, made.FailedName);
        var database = AccountDatabase.Load();
        Assert.Equal(made.Ids[first.Value], database.FindGroup(first.Value)!.Gid);
        Assert.InRange(made.Ids[second.Value], 1000u, 60000u);
        Assert.Equal(Line("gshadow", byHand).Replace(byHand.Value, "G", StringComparison.Ordinal), Line("gshadow", second).Replace(second.Value, "G", StringComparison.Ordinal));
        Assert.Null(database.FindGroup(after.Value));
    }

    [Fact]
    public async Task One_chpasswd_sets_the_password_of_every_account_in_the_batch()
    {
        var batch = Enumerable.Range(0, 3).Select(_ => names.NewUserName()).ToList();
        await accounts.CreateLockedUsersAsync([.. batch.Select(u => new NewAccount(u, AbsolutePath.Parse("/srv/x"), NoLogin, []))], new HashSet<uint>());

        await accounts.SetPasswordsAsync([.. batch.Take(2).Select((u, i) => (u, $"correct-horse-battery-{i}"))]);

        var database = AccountDatabase.Load();
        Assert.Equal([true, true, false], batch.Select(u => database.FindUser(u.Value)!.HasUsablePassword));
        Assert.NotEqual(Line("shadow", batch[0]).Split(':')[1], Line("shadow", batch[1]).Split(':')[1]);
        Assert.All(batch.Take(2), u => Assert.StartsWith("$y$", Line("shadow", u).Split(':')[1], StringComparison.Ordinal));
    }

    private static string Line(string file, object name) =>
        File.ReadLines("/etc/" + file).Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));

    /// <summary>The line without its name (and the given id fields), to compare two accounts' entries.</summary>
    private static string Without(string line, LinuxUserName name, params int[] fields)
    {
        var parts = line.Split(':');
        parts[0] = "NAME";
        foreach (var field in fields)
        {
            parts[field] = "ID";
        }

        return string.Join(':', parts).Replace(name.Value, "NAME", StringComparison.Ordinal);
    }
}
