using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Accounts;

/// <summary>Real groupadd/useradd/usermod/chpasswd/userdel against this host's /etc. One collection: the tools lock /etc/passwd.</summary>
[Collection(HostAccountsCollection.Name)]
public sealed class SystemAccountsTests : IDisposable
{
    private static readonly AbsolutePath NoLogin = AbsolutePath.Parse("/usr/sbin/nologin");
    private static readonly AbsolutePath False = AbsolutePath.Parse("/bin/false");

    private readonly TemporaryAccounts names = new();
    private readonly SystemAccounts accounts = new(new ProcessRunner());

    public void Dispose() => names.Dispose();

    [Fact]
    public async Task A_created_user_has_the_home_shell_and_groups_asked_for_and_no_home_directory()
    {
        var group = names.NewGroupName();
        var user = names.NewUserName();
        var home = AbsolutePath.Parse($"/var/lib/sjtest-nohome/{user}");
        await accounts.CreateGroupAsync(group, system: false);

        await accounts.CreateUserAsync(user, home, NoLogin, [group]);

        var database = AccountDatabase.Load();
        var account = database.FindUser(user.Value);
        Assert.NotNull(account);
        Assert.Equal((home.Value, NoLogin.Value), (account.Home, account.Shell));
        Assert.Equal([group.Value], account.SupplementaryGroups);
        Assert.Equal(account.Gid, database.FindGroup(user.Value)!.Gid);
        Assert.Contains(user.Value, database.UsersInGroup(group.Value).Select(u => u.Name));
        Assert.False(account.HasUsablePassword);
        Assert.False(account.Expired);
        Assert.False(Directory.Exists(home.Value));
    }

    [Fact]
    public async Task A_created_user_has_no_password_rather_than_a_locked_one()
    {
        var user = names.NewUserName();

        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);

        // "!" would make sshd (UsePAM no) refuse even a key login; "*" only means no password matches.
        Assert.Equal("*", ShadowFields(user)[1]);
    }

    [Fact]
    public async Task A_created_user_gets_no_subordinate_uids_or_gids()
    {
        var user = names.NewUserName();

        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);

        Assert.DoesNotContain(SubordinateLines("/etc/subuid"), line => line.StartsWith(user.Value + ":", StringComparison.Ordinal));
        Assert.DoesNotContain(SubordinateLines("/etc/subgid"), line => line.StartsWith(user.Value + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_can_be_created_again_with_the_uid_it_had()
    {
        var user = names.NewUserName();
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);
        var uid = AccountDatabase.Load().FindUser(user.Value)!.Uid;
        var later = names.NewUserName();
        await accounts.CreateUserAsync(later, AbsolutePath.Parse("/srv/y"), NoLogin, []);
        await accounts.RemoveUserAsync(user);

        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, [], uid);

        Assert.Equal(uid, AccountDatabase.Load().FindUser(user.Value)!.Uid);
    }

    [Fact]
    public async Task A_stored_hash_is_restored_through_standard_input()
    {
        var user = names.NewUserName();
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);
        await accounts.SetPasswordAsync(user, "Restored-Pass-77");
        var hash = ShadowFields(user)[1];
        await accounts.RemoveUserAsync(user);
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);

        await accounts.RestorePasswordHashAsync(user, hash);

        Assert.Equal(hash, ShadowFields(user)[1]);
        Assert.Equal(hash, Crypt("Restored-Pass-77", hash));
    }

    [Fact]
    public async Task A_system_group_gets_a_gid_below_1000()
    {
        var group = names.NewGroupName();

        await accounts.CreateGroupAsync(group, system: true);

        Assert.InRange(AccountDatabase.Load().FindGroup(group.Value)!.Gid, 1u, 999u);
    }

    [Fact]
    public async Task Updating_a_user_changes_home_and_shell_and_replaces_the_groups_exactly()
    {
        var (first, second, third) = (names.NewGroupName(), names.NewGroupName(), names.NewGroupName());
        foreach (var group in new[] { first, second, third })
        {
            await accounts.CreateGroupAsync(group, system: false);
        }

        var user = names.NewUserName();
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/old"), NoLogin, [first, second]);

        await accounts.UpdateUserAsync(user, AbsolutePath.Parse("/srv/new"), False, [second, third]);

        var account = AccountDatabase.Load().FindUser(user.Value)!;
        Assert.Equal(("/srv/new", "/bin/false"), (account.Home, account.Shell));
        Assert.Equal(new[] { second.Value, third.Value }.Order(StringComparer.Ordinal), account.SupplementaryGroups.Order(StringComparer.Ordinal));

        await accounts.UpdateUserAsync(user, AbsolutePath.Parse("/srv/new"), False, []);

        Assert.Empty(AccountDatabase.Load().FindUser(user.Value)!.SupplementaryGroups);
    }

    [Fact]
    public async Task One_update_can_set_the_groups_and_the_expiry_together_and_clear_it_again()
    {
        var group = names.NewGroupName();
        await accounts.CreateGroupAsync(group, system: false);
        var user = names.NewUserName();
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);

        await accounts.UpdateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, [group], expired: true);
        var disabled = AccountDatabase.Load().FindUser(user.Value)!;
        await accounts.UpdateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, [], expired: false);
        var enabled = AccountDatabase.Load().FindUser(user.Value)!;

        Assert.True(disabled.Expired);
        Assert.Equal([group.Value], disabled.SupplementaryGroups);
        Assert.False(enabled.Expired);
        Assert.Empty(enabled.SupplementaryGroups);
        Assert.Equal(string.Empty, ShadowFields(user)[7]);
    }

    [Fact]
    public async Task Expiry_can_be_set_and_cleared()
    {
        var user = names.NewUserName();
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);

        await accounts.SetExpiredAsync(user, expired: true);
        var expired = AccountDatabase.Load().FindUser(user.Value)!.Expired;
        await accounts.SetExpiredAsync(user, expired: false);
        var afterClearing = AccountDatabase.Load().FindUser(user.Value)!.Expired;

        Assert.True(expired);
        Assert.False(afterClearing);
        Assert.Equal(string.Empty, ShadowFields(user)[7]);
    }

    [Fact]
    public async Task Setting_a_password_stores_a_hash_of_exactly_that_password()
    {
        var user = names.NewUserName();
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);
        const string password = "colon: space and ünïcode ~!";

        await accounts.SetPasswordAsync(user, password);

        Assert.True(AccountDatabase.Load().FindUser(user.Value)!.HasUsablePassword);
        var hash = ShadowFields(user)[1];
        Assert.Equal(hash, Crypt(password, hash));
        Assert.NotEqual(hash, Crypt(password + "x", hash));
    }

    [Fact]
    public async Task A_failed_password_change_never_shows_the_password()
    {
        var missing = names.NewUserName();
        const string password = "Never-Show-This-1";

        var error = await Assert.ThrowsAsync<HostCommandException>(() => accounts.SetPasswordAsync(missing, password));

        Assert.DoesNotContain(password, error.Message);
        Assert.DoesNotContain(password, error.StandardError);
        Assert.StartsWith("`/usr/sbin/chpasswd` exited", error.Message);
    }

    [Fact]
    public async Task Removing_a_user_removes_its_private_group_but_not_its_home_or_other_groups()
    {
        using var homes = new TestDirectory();
        var home = homes.CreateDirectory("home");
        var group = names.NewGroupName();
        var user = names.NewUserName();
        await accounts.CreateGroupAsync(group, system: false);
        await accounts.CreateUserAsync(user, home, NoLogin, [group]);

        var removed = await accounts.RemoveUserAsync(user);
        var removedAgain = await accounts.RemoveUserAsync(user);

        var database = AccountDatabase.Load();
        Assert.True(removed);
        Assert.False(removedAgain);
        Assert.Null(database.FindUser(user.Value));
        Assert.Null(database.FindGroup(user.Value));
        Assert.Empty(database.FindGroup(group.Value)!.Members);
        Assert.True(Directory.Exists(home.Value));
    }

    [Fact]
    public async Task Removing_a_group_reports_whether_it_existed()
    {
        var group = names.NewGroupName();
        await accounts.CreateGroupAsync(group, system: false);

        Assert.True(await accounts.RemoveGroupAsync(group));
        Assert.False(await accounts.RemoveGroupAsync(group));
        Assert.Null(AccountDatabase.Load().FindGroup(group.Value));
    }

    [Fact]
    public async Task Creating_a_user_that_exists_fails_with_the_tools_message()
    {
        var user = names.NewUserName();
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);

        var error = await Assert.ThrowsAsync<HostCommandException>(() => accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []));

        Assert.Contains("already exists", error.Message);
    }

    private static string[] ShadowFields(LinuxUserName user) =>
        File.ReadAllLines("/etc/shadow").Single(line => line.StartsWith(user.Value + ":", StringComparison.Ordinal)).Split(':');

    private static string[] SubordinateLines(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];

    // libcrypt through perl, independent of chpasswd: crypt(password, stored hash) == stored hash when they match.
    private static string Crypt(string password, string hash) =>
        HostStat.Run("/usr/bin/perl", "-CA", "-e", "utf8::encode($ARGV[0]); print crypt($ARGV[0], $ARGV[1])", password, hash);
}
