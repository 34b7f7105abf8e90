using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;

namespace SftpJail.Executor.Tests.Accounts;

/// <summary>
/// A batch replaces shadow, gshadow, group and passwd one after the other. A crash (or a full disk) between two of
/// those leaves the first files with the new account's lines and passwd without it; the next apply makes the same
/// account again and must then finish it, not stop for ever at "group exists" or add a second shadow line. The crash
/// state is made exactly: the batch runs to the end in one copy of the files, and a second copy takes only the files a
/// crash at that point had already replaced.
/// </summary>
public sealed class BatchCrashRecoveryTests : IDisposable
{
    private const long Today = 20_000;
    private const string JailGroup = "sftpjail-test";

    private static readonly string[] Names = ["passwd", "shadow", "group", "gshadow"];
    private static readonly AbsolutePath NoLogin = AbsolutePath.Parse("/usr/sbin/nologin");

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("sftpjail-batch-crash-");

    public void Dispose() => root.Delete(recursive: true);

    [Theory]
    [InlineData(1)] // shadow replaced
    [InlineData(2)] // shadow and gshadow
    [InlineData(3)] // shadow, gshadow and group: only passwd is missing the account
    public void A_batch_after_a_crash_mid_rewrite_makes_the_account_with_one_entry_in_each_file(int replacedBeforeCrash)
    {
        var crashed = CrashedAfter(replacedBeforeCrash, "alice");

        var made = new AccountFileBatch(crashed).CreateLocked([Account("alice")], new HashSet<uint>(), Today);

        Assert.Null(made.Error);
        foreach (var file in Names)
        {
            Assert.Single(Lines(crashed, file), line => line.StartsWith("alice:", StringComparison.Ordinal));
        }

        var account = AccountDatabase.Parse(Read(crashed, "passwd"), Read(crashed, "group"), Read(crashed, "shadow"), Today).FindUser("alice")!;
        Assert.Equal(made.Ids["alice"], account.Uid);
        Assert.True(account.Expired);
        Assert.Equal([JailGroup], account.SupplementaryGroups);
        Assert.Equal("alice", Field(crashed, "group", JailGroup, 3));
        Assert.Equal("alice", Field(crashed, "gshadow", JailGroup, 3));
        Assert.Equal(account.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(crashed, "group", "alice", 2));
    }

    [Fact]
    public void A_group_of_the_same_name_that_no_batch_left_is_still_refused()
    {
        var etc = Fresh("own-group");
        File.AppendAllText(Path.Combine(etc, "group"), "bob:x:1500:\n");
        File.AppendAllText(Path.Combine(etc, "gshadow"), "bob:!::\n");
        var before = Names.ToDictionary(n => n, n => Read(etc, n));

        var made = new AccountFileBatch(etc).CreateLocked([Account("bob")], new HashSet<uint>(), Today);

        Assert.Equal("bob", made.FailedName);
        Assert.Contains("group bob exists", made.Error, StringComparison.Ordinal);
        Assert.All(Names, n => Assert.Equal(before[n], Read(etc, n)));
    }

    [Fact]
    public void A_leftover_group_someone_joined_since_is_not_taken_over()
    {
        var crashed = CrashedAfter(3, "carol");
        var group = Read(crashed, "group").Replace("carol:x:1000:\n", "carol:x:1000:mallory\n", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(crashed, "group"), group);

        var made = new AccountFileBatch(crashed).CreateLocked([Account("carol")], new HashSet<uint>(), Today);

        Assert.Equal("carol", made.FailedName);
        Assert.DoesNotContain(Lines(crashed, "passwd"), line => line.StartsWith("carol:", StringComparison.Ordinal));
    }

    /// <summary>An account directory where a batch creating <paramref name="user"/> replaced its first <paramref name="replaced"/> files, then died.</summary>
    private string CrashedAfter(int replaced, string user)
    {
        var finished = Fresh("finished-" + replaced);
        Assert.Null(new AccountFileBatch(finished).CreateLocked([Account(user)], new HashSet<uint>(), Today).Error);
        var crashed = Fresh("crashed-" + replaced);
        // The batch's order: shadow, gshadow, group, passwd.
        foreach (var file in new[] { "shadow", "gshadow", "group" }.Take(replaced))
        {
            File.Copy(Path.Combine(finished, file), Path.Combine(crashed, file), overwrite: true);
        }

        Assert.DoesNotContain(Lines(crashed, "passwd"), line => line.StartsWith(user + ":", StringComparison.Ordinal));
        return crashed;
    }

    private string Fresh(string name)
    {
        var etc = root.CreateSubdirectory(name).FullName;
        File.WriteAllText(Path.Combine(etc, "passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        File.WriteAllText(Path.Combine(etc, "shadow"), "root:*:19000:0:99999:7:::\n");
        File.WriteAllText(Path.Combine(etc, "group"), $"root:x:0:\n{JailGroup}:x:999:\n");
        File.WriteAllText(Path.Combine(etc, "gshadow"), $"root:*::\n{JailGroup}:!::\n");
        File.WriteAllText(Path.Combine(etc, "login.defs"), "UID_MIN 1000\nUID_MAX 60000\nGID_MIN 1000\nGID_MAX 60000\n");
        return etc;
    }

    private static NewAccount Account(string name) =>
        new(LinuxUserName.Parse(name), AbsolutePath.Parse("/srv/jail/" + name), NoLogin, [LinuxGroupName.Parse(JailGroup)]);

    private static string Read(string etc, string file) => File.ReadAllText(Path.Combine(etc, file));

    private static string[] Lines(string etc, string file) => File.ReadAllLines(Path.Combine(etc, file));

    private static string Field(string etc, string file, string name, int index) =>
        Lines(etc, file).Single(line => line.StartsWith(name + ":", StringComparison.Ordinal)).Split(':')[index];
}
