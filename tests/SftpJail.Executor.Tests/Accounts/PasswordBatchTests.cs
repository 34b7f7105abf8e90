using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Tests.Accounts;

/// <summary>
/// The passwords of one apply go through chpasswd in runs small enough to end within the process timeout: chpasswd
/// hashes each through PAM (yescrypt, 50-160 ms each on the loaded 2-core machine), so 1,000 in one run outlived the
/// 60 s limit and the whole import failed.
/// </summary>
public sealed class PasswordBatchTests
{
    [Fact]
    public async Task A_thousand_passwords_are_set_in_chpasswd_runs_of_at_most_fifty_each_exactly_once()
    {
        var runner = new RecordingRunner();
        var passwords = Enumerable.Range(0, 1000).Select(i => (LinuxUserName.Parse($"user{i}"), $"Pass-{i}-phrase-long-enough")).ToList();

        await new SystemAccounts(runner).SetPasswordsAsync(passwords);

        Assert.All(runner.Specs, spec => Assert.Equal("/usr/sbin/chpasswd", spec.FileName));
        Assert.All(runner.Specs, spec => Assert.Equal(["--crypt-method", "YESCRYPT"], spec.Arguments));
        var lines = runner.Specs.Select(s => s.StandardInput!.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(lines, run => Assert.InRange(run.Length, 1, SystemAccounts.PasswordsPerChpasswd));
        Assert.Equal(passwords.Select(p => $"{p.Item1.Value}:{p.Item2}"), lines.SelectMany(l => l));
        Assert.All(runner.Specs, spec => Assert.Equal(SystemAccounts.ChpasswdTimeout(spec.StandardInput!.Count(c => c == '\n')), spec.Timeout));
        Assert.Equal(50, SystemAccounts.PasswordsPerChpasswd);
    }

    [Fact]
    public async Task A_run_carries_only_its_own_passwords_as_secrets()
    {
        var runner = new RecordingRunner();
        var passwords = Enumerable.Range(0, 60).Select(i => (LinuxUserName.Parse($"user{i}"), $"Pass-{i}-phrase-long-enough")).ToList();

        await new SystemAccounts(runner).SetPasswordsAsync(passwords);

        Assert.Equal(2, runner.Specs.Count);
        Assert.Equal(passwords.Skip(50).Select(p => p.Item2), runner.Specs[1].Secrets);
    }

    private sealed class RecordingRunner : IProcessRunner
    {
        public List<ProcessSpec> Specs { get; } = [];

        public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default)
        {
            Specs.Add(spec);
            return Task.FromResult(new ProcessResult(0, string.Empty, string.Empty, TimeSpan.Zero));
        }
    }
}
