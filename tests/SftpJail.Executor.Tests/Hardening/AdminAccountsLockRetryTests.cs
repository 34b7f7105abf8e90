using SftpJail.Core.Values;
using SftpJail.Executor.Hardening;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Tests.Hardening;

/// <summary>
/// Admin accounts go through the same lock retry as customer accounts: a useradd or userdel refused because another
/// process held /etc/passwd's lock for a moment is run again instead of failing the hardening step.
/// </summary>
public sealed class AdminAccountsLockRetryTests
{
    private static readonly ProcessResult Busy = new(10, string.Empty, "useradd: cannot lock /etc/passwd; try again later.\n", TimeSpan.Zero);
    private static readonly ProcessResult Done = new(0, string.Empty, string.Empty, TimeSpan.Zero);

    [Fact]
    public async Task A_useradd_refused_at_a_busy_lock_is_run_again_and_succeeds()
    {
        var runner = new SequenceRunner(Busy, Done);

        await new AdminAccounts(runner).CreateAsync(LinuxUserName.Parse("opsadmin"), AbsolutePath.Parse("/bin/bash"), LinuxGroupName.Parse("sftpjail-admins"), CancellationToken.None);

        Assert.Equal(["/usr/sbin/useradd", "/usr/sbin/useradd"], runner.Programs);
    }

    [Fact]
    public async Task A_userdel_refused_at_a_busy_lock_is_run_again_and_succeeds()
    {
        var runner = new SequenceRunner(Busy, Done);

        await new AdminAccounts(runner).RemoveAsync(LinuxUserName.Parse("opsadmin"), CancellationToken.None);

        Assert.Equal(["/usr/sbin/userdel", "/usr/sbin/userdel"], runner.Programs);
    }

    private sealed class SequenceRunner(params ProcessResult[] results) : IProcessRunner
    {
        public List<string> Programs { get; } = [];

        public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default)
        {
            Programs.Add(spec.FileName);
            return Task.FromResult(results[Math.Min(Programs.Count - 1, results.Length - 1)]);
        }
    }
}
