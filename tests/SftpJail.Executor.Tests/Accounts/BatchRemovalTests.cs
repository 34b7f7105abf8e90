using System.Diagnostics;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Accounts;

/// <summary>
/// Accounts and groups removed in one rewrite of the real /etc account files leave them as userdel and groupdel do,
/// refuse what those refuse, and run no process: a removal at 10,000 accounts must not cost a userdel and a usermod each.
/// </summary>
[Collection(HostAccountsCollection.Name)]
public sealed class BatchRemovalTests : IDisposable
{
    private static readonly AbsolutePath NoLogin = AbsolutePath.Parse("/usr/sbin/nologin");
    private static readonly string[] AccountFiles = ["passwd", "shadow", "group", "gshadow"];

    private readonly TemporaryAccounts names = new();
    private readonly CountingRunner runner = new();
    private readonly SystemAccounts accounts;

    public BatchRemovalTests() => accounts = new SystemAccounts(runner);

    public void Dispose() => names.Dispose();

    [Fact]
    public async Task A_removed_batch_leaves_no_entry_of_its_users_and_their_groups_keep_their_other_members()
    {
        var group = names.NewGroupName();
        await accounts.CreateGroupAsync(group, system: false);
        var kept = names.NewUserName();
        await accounts.CreateUserAsync(kept, AbsolutePath.Parse("/srv/x"), NoLogin, [group]);
        var batch = Enumerable.Range(0, 3).Select(_ => names.NewUserName()).ToList();
        await accounts.CreateLockedUsersAsync([.. batch.Select(u => new NewAccount(u, AbsolutePath.Parse("/srv/x"), NoLogin, [group]))], new HashSet<uint>());
        var stranger = names.NewUserName();
        runner.Count = 0;

        var removed = await accounts.RemoveUsersAsync([batch[0], stranger, batch[1], batch[2]]);

        Assert.Equal(batch, removed);
        Assert.Equal(0, runner.Count);
        foreach (var file in AccountFiles)
        {
            Assert.DoesNotContain(File.ReadLines("/etc/" + file), line => batch.Any(u => line.StartsWith(u.Value + ":", StringComparison.Ordinal)));
        }

        Assert.Equal(kept.Value, Line("group", group).Split(':')[3]);
        Assert.Equal(kept.Value, Line("gshadow", group).Split(':')[3]);
        var database = AccountDatabase.Load();
        Assert.NotNull(database.FindUser(kept.Value));
        Assert.NotNull(database.FindGroup(kept.Value));
        Assert.All(batch, u => Assert.Null(database.FindGroup(u.Value)));
        Assert.False(HeldByThisProcess("/etc/passwd.lock"), "the batch left its lock behind");
    }

    [Fact]
    public async Task A_user_that_still_runs_a_process_is_not_removed_as_userdel_refuses_it()
    {
        var user = names.NewUserName();
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);
        var uid = AccountDatabase.Load().FindUser(user.Value)!.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start("/usr/bin/setpriv", ["--reuid", uid, "--regid", uid, "--clear-groups", "/bin/sleep", "60"]);
        try
        {
            for (var i = 0; i < 100 && UserProcesses.FirstOf(uint.Parse(uid, System.Globalization.CultureInfo.InvariantCulture)) is null; i++)
            {
                await Task.Delay(20);
            }

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => accounts.RemoveUsersAsync([user]));

            Assert.Contains($"user {user} is currently used by process {process.Id}", refused.Message, StringComparison.Ordinal);
            Assert.NotNull(AccountDatabase.Load().FindUser(user.Value));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Ending_the_sessions_of_a_user_runs_pkill_only_when_a_process_of_the_user_runs()
    {
        var user = names.NewUserName();
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, []);
        var uid = AccountDatabase.Load().FindUser(user.Value)!.Uid;
        runner.Count = 0;

        await accounts.TerminateSessionsAsync(user);
        var withNone = runner.Count;
        var text = uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start("/usr/bin/setpriv", ["--reuid", text, "--regid", text, "--clear-groups", "/bin/sleep", "60"]);
        for (var i = 0; i < 100 && UserProcesses.FirstOf(uid) is null; i++)
        {
            await Task.Delay(20);
        }

        await accounts.TerminateSessionsAsync(user, uid);

        Assert.Equal(0, withNone);
        Assert.True(process.WaitForExit(5000));
        Assert.NotEqual(0, runner.Count);
    }

    [Fact]
    public async Task Removing_a_group_reports_whether_it_existed_and_refuses_a_users_primary_group_as_groupdel_does()
    {
        var group = names.NewGroupName();
        await accounts.CreateGroupAsync(group, system: false);
        var user = names.NewUserName();
        await accounts.CreateUserAsync(user, AbsolutePath.Parse("/srv/x"), NoLogin, [group]);
        runner.Count = 0;

        Assert.True(await accounts.RemoveGroupAsync(group));
        Assert.False(await accounts.RemoveGroupAsync(group));
        var primary = await Assert.ThrowsAsync<InvalidOperationException>(() => accounts.RemoveGroupAsync(LinuxGroupName.Parse(user.Value)));

        Assert.Contains($"primary group of user '{user}'", primary.Message, StringComparison.Ordinal);
        Assert.Equal(0, runner.Count);
        Assert.DoesNotContain(File.ReadLines("/etc/gshadow"), line => line.StartsWith(group.Value + ":", StringComparison.Ordinal));
        Assert.NotNull(AccountDatabase.Load().FindGroup(user.Value));
        Assert.Empty(AccountDatabase.Load().FindUser(user.Value)!.SupplementaryGroups);
    }

    [Fact]
    public async Task Each_chpasswd_run_gets_time_for_hashing_each_of_its_passwords()
    {
        var capturing = new CapturingRunner();
        var batch = Enumerable.Range(0, 900).Select(i => (LinuxUserName.Parse($"sjtpw{i}"), $"correct-horse-battery-{i}")).ToList();

        await new SystemAccounts(capturing).SetPasswordsAsync(batch);

        Assert.Equal(900 / SystemAccounts.PasswordsPerChpasswd, capturing.Specs.Count);
        Assert.All(capturing.Specs, spec =>
        {
            Assert.Equal("/usr/sbin/chpasswd", spec.FileName);
            var hashes = spec.StandardInput!.Count(c => c == '\n');
            Assert.True(spec.Timeout >= ProcessSpec.DefaultTimeout + TimeSpan.FromSeconds(hashes), $"timeout {spec.Timeout} for {hashes} hashes");
        });
    }

    // Other programs on this machine take the same lock at any moment; only this process's own lock would be a leak.
    private static bool HeldByThisProcess(string lockFile)
    {
        try
        {
            return File.ReadAllText(lockFile).Trim() == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private static string Line(string file, object name) =>
        File.ReadLines("/etc/" + file).Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));

    /// <summary>Runs nothing: records each command and answers success.</summary>
    private sealed class CapturingRunner : IProcessRunner
    {
        public List<ProcessSpec> Specs { get; } = [];

        public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default)
        {
            Specs.Add(spec);
            return Task.FromResult(new ProcessResult(0, string.Empty, string.Empty, TimeSpan.Zero));
        }
    }

    /// <summary>The real runner, counting the processes it starts.</summary>
    private sealed class CountingRunner : IProcessRunner
    {
        private readonly ProcessRunner real = new();

        public int Count { get; set; }

        public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default)
        {
            Count++;
            return real.RunAsync(spec, ct);
        }
    }
}
