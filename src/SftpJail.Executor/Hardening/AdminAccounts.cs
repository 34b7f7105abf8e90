using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Hardening;

/// <summary>
/// Admin login accounts through shadow-utils, argument vectors only. "*" as the password field means "no password
/// matches" without marking the account locked: with <c>UsePAM no</c> sshd refuses even key logins to locked ("!")
/// accounts, which would make a fresh admin's key useless. A tool refused at a busy account-file lock is run again
/// (<see cref="AccountToolLockRetry"/>), as for customer accounts.
/// </summary>
public sealed class AdminAccounts(IProcessRunner processes)
{
    private readonly IProcessRunner runner = new AccountToolLockRetry(processes);

    private static readonly Dictionary<string, string?> CLocale = new() { ["LC_ALL"] = "C" };

    public Task CreateAsync(LinuxUserName name, AbsolutePath shell, LinuxGroupName adminGroup, CancellationToken cancellationToken) =>
        runner.RunCheckedAsync(Spec("useradd", ["--create-home", "--shell", shell.Value, "--groups", adminGroup.Value, "--password", "*", "--", name.Value]), cancellationToken);

    /// <summary>userdel without -r: the home directory is left for a person to look at.</summary>
    public Task RemoveAsync(LinuxUserName name, CancellationToken cancellationToken) =>
        runner.RunCheckedAsync(Spec("userdel", ["--", name.Value]), cancellationToken);

    private static ProcessSpec Spec(string program, IReadOnlyList<string> arguments) =>
        new("/usr/sbin/" + program, arguments) { Environment = CLocale };
}
