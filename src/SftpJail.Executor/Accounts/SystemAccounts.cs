using SftpJail.Core.Values;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Accounts;

/// <summary>
/// Creates, changes and removes local users and groups with the shadow-utils programs, always as an argument
/// vector. Homes are never created or removed here: directories belong to <see cref="Files.HostFileSystem"/>.
/// </summary>
/// <param name="idRange">The uid/gid range for the accounts and site groups made in a batch (Host:AccountIdMin/Max); null: login.defs'.</param>
public sealed partial class SystemAccounts(IProcessRunner processes, string etcDir = "/etc", AccountIdRange? idRange = null)
{
    private readonly IProcessRunner runner = new AccountToolLockRetry(processes);

    // shadow-utils exit code for "user/group does not exist" (useradd(8), userdel(8), groupdel(8)).
    private const int NoSuchAccount = 6;

    private static readonly Dictionary<string, string?> CLocale = new() { ["LC_ALL"] = "C" };

    public Task CreateGroupAsync(LinuxGroupName name, bool system, CancellationToken ct = default) =>
        RunAsync("groupadd", system ? ["--system", "--", name.Value] : ["--", name.Value], ct);

    /// <summary>
    /// Creates a user with no password ("*": nothing matches, but the account is not locked the way "!" locks it, which
    /// with <c>UsePAM no</c> makes sshd refuse even a key) and without subordinate uids/gids: a jailed SFTP account runs
    /// no user namespaces, and Debian's default of 65,536 each per account exhausts the ranges at about 9,150 accounts.
    /// </summary>
    /// <param name="uid">The uid to create the account with (an account SftpJail recreates keeps its old uid); null picks a free one.</param>
    /// <param name="locked">
    /// Created already expired (day 1, as <see cref="SetExpiredAsync"/> sets it), in the same useradd: there is no moment
    /// at which the new account can log in before the caller decides its jail is live.
    /// </param>
    public Task CreateUserAsync(
        LinuxUserName name,
        AbsolutePath home,
        AbsolutePath shell,
        IReadOnlyList<LinuxGroupName> supplementaryGroups,
        uint? uid = null,
        bool locked = false,
        CancellationToken ct = default)
    {
        List<string> arguments =
        [
            "--no-create-home", "--home-dir", home.Value, "--shell", shell.Value, "--user-group", "--password", "*",
            "--key", "SUB_UID_COUNT=0", "--key", "SUB_GID_COUNT=0",
        ];
        if (locked)
        {
            arguments.AddRange(["--expiredate", "1"]);
        }

        if (uid is { } fixedUid)
        {
            arguments.AddRange(["--uid", fixedUid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (supplementaryGroups.Count > 0)
        {
            arguments.AddRange(["--groups", GroupList(supplementaryGroups)]);
        }

        arguments.AddRange(["--", name.Value]);
        return RunAsync("useradd", arguments, ct);
    }

    /// <summary>Sets home and shell, and replaces the supplementary groups with exactly <paramref name="supplementaryGroups"/>.</summary>
    /// <param name="expired">Also sets (true) or clears (false) the expiry as <see cref="SetExpiredAsync"/> does, in the same usermod; null leaves it.</param>
    public Task UpdateUserAsync(
        LinuxUserName name,
        AbsolutePath home,
        AbsolutePath shell,
        IReadOnlyList<LinuxGroupName> supplementaryGroups,
        bool? expired = null,
        CancellationToken ct = default)
    {
        List<string> arguments = ["--home", home.Value, "--shell", shell.Value, "--groups", GroupList(supplementaryGroups)];
        if (expired is { } expire)
        {
            arguments.AddRange(["--expiredate", expire ? "1" : string.Empty]);
        }

        arguments.AddRange(["--", name.Value]);
        return RunAsync("usermod", arguments, ct);
    }

    /// <summary>
    /// Expiry day 1 (1970-01-02) locks the account for every login method, keys included, without touching the password.
    /// An empty date clears it (usermod(8); verified on Debian 12's shadow 4.13).
    /// </summary>
    public Task SetExpiredAsync(LinuxUserName name, bool expired, CancellationToken ct = default) =>
        RunAsync("usermod", ["--expiredate", expired ? "1" : string.Empty, "--", name.Value], ct);

    /// <summary>
    /// Ends every process of the user (an open SFTP session is one): disabling must cut a connected customer off,
    /// and userdel refuses a user that still runs a process. pkill exits 1 when nothing matched, which is fine.
    /// </summary>
    public Task TerminateSessionsAsync(LinuxUserName name, CancellationToken ct = default) =>
        TerminateSessionsAsync(name, AccountDatabase.Load(etcDir).FindUser(name.Value)?.Uid, ct);

    /// <param name="uid">The user's uid, when the caller has read it: with no process of that uid (no session open) there is nothing for pkill to end or pgrep to wait for.</param>
    public async Task TerminateSessionsAsync(LinuxUserName name, uint? uid, CancellationToken ct = default)
    {
        if (uid is { } id && UserProcesses.FirstOf(id) is null)
        {
            return;
        }

        var spec = new ProcessSpec("/usr/bin/pkill", ["-KILL", "-u", name.Value]) { Environment = CLocale };
        var result = await runner.RunAsync(spec, ct).ConfigureAwait(false);
        if (result.ExitCode is not (0 or 1))
        {
            throw new HostCommandException(spec, result);
        }

        // Give the kernel a moment to reap them, so a following userdel does not see them.
        for (var i = 0; i < 20 && (await runner.RunAsync(new ProcessSpec("/usr/bin/pgrep", ["-u", name.Value]) { Environment = CLocale }, ct).ConfigureAwait(false)).ExitCode == 0; i++)
        {
            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// userdel without -r: the home and the files are left for the caller to decide on. The user-private group goes
    /// too; userdel removes it only when login.defs has USERGROUPS_ENAB yes, so it is removed here otherwise.
    /// Returns false when there was no such user.
    /// </summary>
    public async Task<bool> RemoveUserAsync(LinuxUserName name, CancellationToken ct = default)
    {
        var before = AccountDatabase.Load(etcDir);
        if (before.FindUser(name.Value) is not { } user)
        {
            return false;
        }

        if (!await RunAllowingMissingAsync("userdel", ["--", name.Value], ct).ConfigureAwait(false))
        {
            return false;
        }

        var after = AccountDatabase.Load(etcDir);
        if (after.FindGroup(name.Value) is { } privateGroup && privateGroup.Gid == user.Gid && after.UsersInGroup(privateGroup.Name).Count == 0)
        {
            await RunAllowingMissingAsync("groupdel", ["--", privateGroup.Name], ct).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// What groupdel does, in one rewrite of group and gshadow rather than a process that rewrites them (<see cref="AccountFileRemoval"/>).
    /// Returns false when there was no such group. Fails if it is still some user's primary group.
    /// </summary>
    public async Task<bool> RemoveGroupAsync(LinuxGroupName name, CancellationToken ct = default)
    {
        var removed = new AccountFileRemoval(etcDir).RemoveGroup(name.Value);
        await FlushNameCachesAsync(ct).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Sets the password through chpasswd's standard input; it never appears in an argument, a message or a log.</summary>
    public Task SetPasswordAsync(LinuxUserName name, string password, CancellationToken ct = default)
    {
        PasswordRules.Check(password);
        return runner.RunCheckedAsync(
            Spec("chpasswd", []) with { StandardInput = $"{name.Value}:{password}\n", Secrets = [password] },
            ct);
    }

    /// <summary>Replaces a bare locking "!" with "*" (no password, not locked): see <see cref="CreateUserAsync"/>.</summary>
    public Task ClearPasswordLockAsync(LinuxUserName name, CancellationToken ct = default) =>
        RunAsync("usermod", ["--password", "*", "--", name.Value], ct);

    /// <summary>
    /// Puts back a password hash saved from /etc/shadow (chpasswd -e, through standard input only), so a recreated
    /// account keeps the password its customer knows.
    /// </summary>
    public Task RestorePasswordHashAsync(LinuxUserName name, string hash, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(hash) || hash.AsSpan().IndexOfAny(':', '\n', '\r') >= 0 || hash.Contains('\0', StringComparison.Ordinal))
        {
            throw new InputRejectedException("password hash", "A stored password hash cannot be empty or contain ':' or a line break.");
        }

        return runner.RunCheckedAsync(
            Spec("chpasswd", ["--encrypted"]) with { StandardInput = $"{name.Value}:{hash}\n", Secrets = [hash] },
            ct);
    }

    private static string GroupList(IReadOnlyList<LinuxGroupName> groups) =>
        string.Join(',', groups.Select(g => g.Value).Distinct(StringComparer.Ordinal));

    private Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken ct) =>
        runner.RunCheckedAsync(Spec(program, arguments), ct);

    private async Task<bool> RunAllowingMissingAsync(string program, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var spec = Spec(program, arguments);
        var result = await runner.RunAsync(spec, ct).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => true,
            NoSuchAccount => false,
            _ => throw new HostCommandException(spec, result),
        };
    }

    // Absolute paths: the executor does not let PATH decide which program runs as root.
    private static ProcessSpec Spec(string program, IReadOnlyList<string> arguments) =>
        new("/usr/sbin/" + program, arguments) { Environment = CLocale };
}
