using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Accounts;

/// <summary>
/// A shadow-utils program that gave up on a lock another process holds is run again: for moments any useradd on the
/// host holds /etc/group.lock, and the executor's start-up groupadd failed on exactly that on a loaded machine.
/// </summary>
[Collection(HostAccountsCollection.Name)]
public sealed class AccountToolLockRetryTests : IDisposable
{
    private const string GroupLock = "/etc/group.lock";

    private readonly TemporaryAccounts names = new();

    public void Dispose() => names.Dispose();

    [Fact]
    public async Task A_groupadd_refused_at_a_held_group_lock_succeeds_once_the_lock_is_released()
    {
        var group = names.NewGroupName();
        HoldGroupLock();
        try
        {
            // Without the retry the real groupadd fails at the lock: the test's lock is one shadow-utils respects.
            var bare = await new ProcessRunner().RunAsync(new ProcessSpec("/usr/sbin/groupadd", ["--", group.Value]) { Environment = new Dictionary<string, string?> { ["LC_ALL"] = "C" } });
            Assert.NotEqual(0, bare.ExitCode);
            Assert.Contains("cannot lock", bare.StandardError, StringComparison.Ordinal);

            var release = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => File.Delete(GroupLock), TaskScheduler.Default);
            await new SystemAccounts(new ProcessRunner()).CreateGroupAsync(group, system: false);
            await release;
        }
        finally
        {
            if (File.Exists(GroupLock) && File.ReadAllText(GroupLock) == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                File.Delete(GroupLock);
            }
        }

        Assert.NotNull(AccountDatabase.Load().FindGroup(group.Value));
    }

    [Fact]
    public async Task Another_failure_is_not_retried()
    {
        var runner = new ScriptedRunner(new ProcessResult(9, string.Empty, "groupadd: group 'x' already exists\n", TimeSpan.Zero));

        var result = await new AccountToolLockRetry(runner, TimeSpan.FromMilliseconds(1)).RunAsync(new ProcessSpec("/usr/sbin/groupadd", ["x"]));

        Assert.Equal(9, result.ExitCode);
        Assert.Equal(1, runner.Runs);
    }

    [Fact]
    public async Task A_lock_that_stays_busy_is_given_up_after_the_last_attempt_with_the_tools_own_error()
    {
        var busy = new ProcessResult(10, string.Empty, "groupadd: cannot lock /etc/group; try again later.\n", TimeSpan.Zero);
        var runner = new ScriptedRunner(busy);

        var result = await new AccountToolLockRetry(runner, TimeSpan.FromMilliseconds(1), attempts: 4).RunAsync(new ProcessSpec("/usr/sbin/groupadd", ["x"]));

        Assert.Equal(busy, result);
        Assert.Equal(4, runner.Runs);
    }

    /// <summary>
    /// shadow-utils' lock file holds the pid of a live process; ours is one. CreateNew never takes over a real lock: a
    /// useradd elsewhere on the host holds it for moments, so this waits its turn like the tools do.
    /// </summary>
    private static void HoldGroupLock()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var lockFile = new FileStream(GroupLock, FileMode.CreateNew, FileAccess.Write);
                lockFile.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return;
            }
            catch (IOException) when (attempt < 600 && File.Exists(GroupLock))
            {
                Thread.Sleep(50);
            }
        }
    }

    private sealed class ScriptedRunner(ProcessResult result) : IProcessRunner
    {
        public int Runs { get; private set; }

        public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default)
        {
            Runs++;
            return Task.FromResult(result);
        }
    }
}
