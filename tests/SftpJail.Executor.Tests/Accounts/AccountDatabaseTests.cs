using SftpJail.Executor.Accounts;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Accounts;

public sealed class AccountDatabaseTests
{
    private const long Today = 20_000;

    private const string Passwd = """
        root:x:0:0:root:/root:/bin/bash
        # a comment line
        alice:x:1001:1001::/srv/jail/alice:/usr/sbin/nologin
        bob:x:1002:100:Bob:/srv/jail/bob:/usr/sbin/nologin
        carol:x:1003:1003::/home/carol:/bin/sh
        broken:x:notanumber:1::/:/bin/false

        """;

    private const string Group = """
        root:x:0:
        users:x:100:
        sftponly:x:900:alice,bob
        www-data:x:33:carol
        alice:x:1001:
        carol:x:1003:
        """;

    private const string Shadow = """
        root:*:19000:0:99999:7:::
        alice:$y$j9T$salt$hash:19000:0:99999:7::20000:
        bob:!$6$salt$hash:19000:0:99999:7::20001:
        carol::19000:0:99999:7:::
        """;

    private readonly AccountDatabase database = AccountDatabase.Parse(Passwd, Group, Shadow, Today);

    [Fact]
    public void Reads_home_shell_ids_and_supplementary_groups()
    {
        var alice = database.FindUser("alice");

        Assert.NotNull(alice);
        Assert.Equal((1001u, 1001u, "/srv/jail/alice", "/usr/sbin/nologin"), (alice.Uid, alice.Gid, alice.Home, alice.Shell));
        Assert.Equal(["sftponly"], alice.SupplementaryGroups);
    }

    [Fact]
    public void An_expiry_date_of_today_or_earlier_means_expired()
    {
        Assert.True(database.FindUser("alice")!.Expired);
        Assert.False(database.FindUser("bob")!.Expired);
        Assert.False(database.FindUser("carol")!.Expired);
    }

    [Fact]
    public void Only_a_real_hash_counts_as_a_usable_password()
    {
        Assert.True(database.FindUser("alice")!.HasUsablePassword);
        Assert.False(database.FindUser("bob")!.HasUsablePassword);
        Assert.False(database.FindUser("carol")!.HasUsablePassword);
        Assert.False(database.FindUser("root")!.HasUsablePassword);
    }

    [Fact]
    public void Users_in_a_group_include_primary_and_supplementary_members()
    {
        Assert.Equal(["alice", "bob"], database.UsersInGroup("sftponly").Select(u => u.Name));
        Assert.Equal(["bob"], database.UsersInGroup("users").Select(u => u.Name));
        Assert.Equal(["carol"], database.UsersInGroup("www-data").Select(u => u.Name));
        Assert.Empty(database.UsersInGroup("no-such-group"));
    }

    [Fact]
    public void Skips_comments_blank_lines_and_lines_without_numeric_ids()
    {
        Assert.Equal(["alice", "bob", "carol", "root"], database.Users.Select(u => u.Name).Order(StringComparer.Ordinal));
        Assert.Null(database.FindUser("broken"));
    }

    [Fact]
    public void Finds_groups_by_name_and_id()
    {
        Assert.Equal(new[] { "alice", "bob" }, database.FindGroup("sftponly")!.Members);
        Assert.Equal("www-data", database.FindGroup(33)!.Name);
        Assert.Null(database.FindGroup("nope"));
    }

    [Fact]
    public void Loads_from_a_directory_without_a_shadow_file()
    {
        using var etc = new TestDirectory();
        etc.CreateFile("passwd", Passwd);
        etc.CreateFile("group", Group);

        var loaded = AccountDatabase.Load(etc.Path.Value);

        Assert.Equal("/srv/jail/alice", loaded.FindUser("alice")!.Home);
        Assert.False(loaded.FindUser("alice")!.HasUsablePassword);
    }

    [Fact]
    public void Loads_the_hosts_own_files()
    {
        var host = AccountDatabase.Load();

        Assert.Equal(0u, host.FindUser("root")!.Uid);
        Assert.Equal(0u, host.FindGroup("root")!.Gid);
    }
}
