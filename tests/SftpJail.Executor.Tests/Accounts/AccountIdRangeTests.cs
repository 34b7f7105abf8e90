using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Accounts;

/// <summary>
/// Host:AccountIdMin/Max: the batch gives SftpJail's accounts and site groups ids from that range instead of login.defs'
/// (which ends at 60,000 on stock Debian), never one another account's subordinate ids cover, and no subordinate ids.
/// </summary>
[Collection(HostAccountsCollection.Name)]
public sealed class AccountIdRangeTests : IDisposable
{
    private static readonly AbsolutePath NoLogin = AbsolutePath.Parse("/usr/sbin/nologin");

    // Above Debian's SUB_UID_MAX (600,100,000), where nothing hands out subordinate ids.
    private static readonly AccountIdRange AboveSubordinates = AccountIdRange.Parse(700_000_000, 700_000_999, "test")!;

    private readonly TemporaryAccounts names = new();
    private readonly string scratch = Directory.CreateTempSubdirectory("sjt-ids-").FullName;

    public void Dispose()
    {
        names.Dispose();
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public async Task An_account_gets_a_uid_and_gids_in_the_configured_range_and_no_subordinate_ids()
    {
        var accounts = new SystemAccounts(new ProcessRunner(), idRange: AboveSubordinates);
        var siteGroup = names.NewGroupName();
        var groups = await accounts.CreateGroupsAsync([siteGroup]);
        var user = names.NewUserName();

        var made = await accounts.CreateLockedUsersAsync([new NewAccount(user, AbsolutePath.Parse("/srv/ids/" + user), NoLogin, [siteGroup])], new HashSet<uint>());

        var account = AccountDatabase.Load().FindUser(user.Value)!;
        Assert.Null(made.Error);
        Assert.True(AboveSubordinates.Contains(account.Uid), $"uid {account.Uid}");
        Assert.True(AboveSubordinates.Contains(account.Gid), $"gid {account.Gid}");
        Assert.True(AboveSubordinates.Contains(groups.Ids[siteGroup.Value]), $"site group gid {groups.Ids[siteGroup.Value]}");
        Assert.Equal(user.Value, (await new ProcessRunner().RunAsync(new ProcessSpec("/usr/bin/id", ["-un", account.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))).StandardOutput.Trim());
        foreach (var file in new[] { "/etc/subuid", "/etc/subgid" }.Where(File.Exists))
        {
            Assert.DoesNotContain(File.ReadLines(file), line => line.StartsWith(user.Value + ":", StringComparison.Ordinal));
            Assert.DoesNotContain(SubordinateRanges(file), range => account.Uid >= range.Start && account.Uid < range.Start + range.Count);
        }
    }

    [Fact]
    public async Task Without_a_configured_range_the_batch_keeps_login_defs_range()
    {
        var user = names.NewUserName();

        await new SystemAccounts(new ProcessRunner()).CreateLockedUsersAsync([new NewAccount(user, AbsolutePath.Parse("/srv/ids/" + user), NoLogin, [])], new HashSet<uint>());

        var defs = LoginDefs.Read("/etc");
        var uid = AccountDatabase.Load().FindUser(user.Value)!.Uid;
        Assert.InRange(uid, defs.UidMin, defs.UidMax);
    }

    [Fact]
    public async Task A_range_inside_login_defs_subordinate_window_is_refused_before_any_account_is_made()
    {
        var accounts = new SystemAccounts(new ProcessRunner(), idRange: AccountIdRange.Parse(100_000, 199_999, "test"));
        var user = names.NewUserName();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            accounts.CreateLockedUsersAsync([new NewAccount(user, AbsolutePath.Parse("/srv/ids/" + user), NoLogin, [])], new HashSet<uint>()));

        Assert.Contains("SUB_UID_MIN", refused.Message, StringComparison.Ordinal);
        Assert.Null(AccountDatabase.Load().FindUser(user.Value));
    }

    [Fact]
    public void A_range_that_meets_a_subuid_entry_is_refused_and_the_files_stay_as_they_were()
    {
        var etc = FakeEtc("alice:70500:65536\n");
        var before = File.ReadAllText(Path.Combine(etc, "passwd"));
        var batch = new AccountFileBatch(etc, AccountIdRange.Parse(61_000, 70_500, "test"));

        var refused = Assert.Throws<InvalidOperationException>(() =>
            batch.CreateLocked([new NewAccount(LinuxUserName.Parse("sjtrange"), AbsolutePath.Parse("/srv/ids/x"), NoLogin, [])], new HashSet<uint>(), 20_000));

        Assert.Contains("'alice'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(etc, "passwd")));
    }

    [Fact]
    public void A_range_below_the_subordinate_window_gives_ids_from_its_lowest_and_skips_the_16_bit_none()
    {
        var etc = FakeEtc(string.Empty);
        var batch = new AccountFileBatch(etc, AccountIdRange.Parse(65_534, 65_537, "test"));
        var accounts = new[] { "sjta", "sjtb" }.Select(n => new NewAccount(LinuxUserName.Parse(n), AbsolutePath.Parse("/srv/ids/" + n), NoLogin, [])).ToList();

        var made = batch.CreateLocked(accounts, new HashSet<uint>(), 20_000);

        // 65534 is nobody's in the fake passwd; 65535 is (uint16)-1.
        Assert.Equal([65_536u, 65_537u], made.Ids.Values);
        Assert.Throws<InvalidOperationException>(() =>
            batch.CreateLocked([new NewAccount(LinuxUserName.Parse("sjtc"), AbsolutePath.Parse("/srv/ids/c"), NoLogin, [])], new HashSet<uint>(), 20_000));
    }

    private string FakeEtc(string subuid)
    {
        var etc = Directory.CreateDirectory(Path.Combine(scratch, "etc")).FullName;
        File.WriteAllText(Path.Combine(etc, "passwd"), "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        File.WriteAllText(Path.Combine(etc, "shadow"), "root:*:20000:0:99999:7:::\nnobody:*:20000:0:99999:7:::\n");
        File.WriteAllText(Path.Combine(etc, "group"), "root:x:0:\nnogroup:x:65534:\n");
        File.WriteAllText(Path.Combine(etc, "gshadow"), "root:*::\nnogroup:*::\n");
        File.WriteAllText(Path.Combine(etc, "login.defs"), "UID_MIN 1000\nUID_MAX 60000\n");
        File.WriteAllText(Path.Combine(etc, "subuid"), subuid);
        File.WriteAllText(Path.Combine(etc, "subgid"), string.Empty);
        return etc;
    }

    private static IEnumerable<(long Start, long Count)> SubordinateRanges(string file) =>
        File.ReadLines(file).Select(l => l.Split(':')).Where(f => f.Length == 3)
            .Select(f => (long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), long.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)));
}
