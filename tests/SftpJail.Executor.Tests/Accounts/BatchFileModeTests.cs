using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Native;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Accounts;

/// <summary>
/// The batch rewrites the real account files, so each must keep the owner and mode it had (shadow and gshadow
/// root:shadow 0640 on Debian: hashes readable by no customer), stay a file of its own, and leave no temporary
/// sibling in /etc.
/// </summary>
[Collection(HostAccountsCollection.Name)]
public sealed class BatchFileModeTests : IDisposable
{
    private static readonly string[] Files = ["passwd", "shadow", "group", "gshadow"];

    private readonly TemporaryAccounts names = new();
    private readonly SystemAccounts accounts = new(new ProcessRunner());

    public void Dispose() => names.Dispose();

    [Fact]
    public async Task Creating_and_unlocking_a_batch_keeps_each_account_files_owner_and_mode()
    {
        var before = Files.ToDictionary(f => f, Stat);
        var group = names.NewGroupName();
        var batch = Enumerable.Range(0, 2).Select(_ => names.NewUserName()).ToList();

        await accounts.CreateGroupsAsync([group]);
        await accounts.CreateLockedUsersAsync([.. batch.Select(u => new NewAccount(u, AbsolutePath.Parse("/srv/batch/" + u), AbsolutePath.Parse("/usr/sbin/nologin"), [group]))], new HashSet<uint>());
        await accounts.ClearExpiryAsync(batch);

        foreach (var file in Files)
        {
            var after = Stat(file);
            Assert.Equal((before[file].Uid, before[file].Gid, before[file].Permissions), (after.Uid, after.Gid, after.Permissions));
            Assert.True(after.IsRegularFile);
            Assert.Equal(1U, after.LinkCount);
        }

        Assert.Equal(0, Stat("shadow").Permissions & 0x7); // nothing for others
        Assert.Empty(Directory.GetFiles("/etc", ".*.sftpjail-*"));
        Assert.All(Files, f => Assert.False(File.Exists($"/etc/{f}.lock")));
    }

    private static StatX Stat(string file)
    {
        var path = "/etc/" + file;
        Assert.True(Posix.TryStatNoFollow(null, path, path, out var stat));
        return stat;
    }
}
