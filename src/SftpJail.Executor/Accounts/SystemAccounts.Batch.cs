using SftpJail.Core.Values;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Accounts;

/// <summary>Many accounts at once (<see cref="AccountFileBatch"/>): one rewrite of the account files, not a process per account.</summary>
public sealed partial class SystemAccounts
{
    /// <summary>
    /// chpasswd hashes every password through PAM (yescrypt: 50-160 ms each on a loaded 2-core host), so one run for a
    /// whole import of 1,000 outlived the process timeout; runs of this many end well within it.
    /// </summary>
    public const int PasswordsPerChpasswd = 50;

    /// <summary>
    /// chpasswd hashes the batch itself with this method and writes shadow once per run. Through PAM (no method) it
    /// rewrites the whole shadow file for each password: at 20,000 accounts 50 passwords outlived the 60 s timeout.
    /// yescrypt is what Debian 12's pam_unix uses (and stronger than RHEL 9's default SHA-512); libxcrypt has it on both.
    /// </summary>
    public const string BatchHashMethod = "YESCRYPT";

    private static readonly string[] NameCaches = ["/usr/sbin/nscd", "/usr/sbin/sss_cache"];

    /// <summary>Creates the accounts locked (expired), as <see cref="CreateUserAsync"/> with <c>locked: true</c> does one.</summary>
    /// <returns>The uid each created account got; those before the first that cannot be made are made.</returns>
    public async Task<BatchCreation> CreateLockedUsersAsync(IReadOnlyList<NewAccount> accounts, IReadOnlySet<uint> reservedUids, CancellationToken ct = default)
    {
        var made = new AccountFileBatch(etcDir, idRange).CreateLocked(accounts, reservedUids, Today);
        await FlushNameCachesAsync(ct).ConfigureAwait(false);
        return made;
    }

    /// <summary>Creates ordinary (non-system) groups, as <see cref="CreateGroupAsync"/> with <c>system: false</c> does one.</summary>
    public async Task<BatchCreation> CreateGroupsAsync(IReadOnlyList<LinuxGroupName> groups, CancellationToken ct = default)
    {
        var made = new AccountFileBatch(etcDir, idRange).CreateGroups(groups);
        await FlushNameCachesAsync(ct).ConfigureAwait(false);
        return made;
    }

    /// <summary>Ends the lock of each account (<c>usermod --expiredate ''</c>), in one rewrite of shadow.</summary>
    public async Task ClearExpiryAsync(IReadOnlyCollection<LinuxUserName> names, CancellationToken ct = default)
    {
        new AccountFileBatch(etcDir).ClearExpiry(names);
        await FlushNameCachesAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Expires each account (<c>usermod --expiredate 1</c>), in one rewrite of shadow.</summary>
    public async Task ExpireAsync(IReadOnlyCollection<LinuxUserName> names, CancellationToken ct = default)
    {
        new AccountFileBatch(etcDir).Expire(names);
        await FlushNameCachesAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the accounts as <see cref="RemoveUserAsync"/> removes one, in one rewrite of the account files
    /// (<see cref="AccountFileRemoval"/>). An account that has subordinate ids (made before SftpJail created accounts
    /// without) goes through userdel, which frees them too.
    /// </summary>
    /// <returns>The accounts that existed and were removed.</returns>
    public async Task<IReadOnlyList<LinuxUserName>> RemoveUsersAsync(IReadOnlyList<LinuxUserName> names, CancellationToken ct = default)
    {
        var database = AccountDatabase.Load(etcDir);
        var withRanges = names.Where(n => database.FindUser(n.Value) is { } user && HasSubordinateIds(user)).ToList();
        var removed = new List<LinuxUserName>();
        foreach (var name in withRanges)
        {
            if (await RemoveUserAsync(name, ct).ConfigureAwait(false))
            {
                removed.Add(name);
            }
        }

        var batch = names.Except(withRanges).Select(n => n.Value).ToList();
        if (batch.Count > 0)
        {
            var gone = new AccountFileRemoval(etcDir).RemoveUsers(batch, uid => UserProcesses.FirstOf(uid)).ToHashSet(StringComparer.Ordinal);
            removed.AddRange(names.Where(n => gone.Contains(n.Value)));
            await FlushNameCachesAsync(ct).ConfigureAwait(false);
        }

        return removed;
    }

    private bool HasSubordinateIds(PosixAccount user) =>
        new[] { "subuid", "subgid" }.Select(file => Path.Combine(etcDir, file)).Where(File.Exists).SelectMany(File.ReadLines)
            .Any(line => line.StartsWith(user.Name + ":", StringComparison.Ordinal)
                || line.StartsWith(user.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":", StringComparison.Ordinal));

    /// <summary>Sets many passwords with one chpasswd per <see cref="PasswordsPerChpasswd"/> (standard input only, one line each), as <see cref="SetPasswordAsync"/> sets one.</summary>
    public async Task SetPasswordsAsync(IReadOnlyList<(LinuxUserName Name, string Password)> passwords, CancellationToken ct = default)
    {
        foreach (var (_, password) in passwords)
        {
            PasswordRules.Check(password);
        }

        foreach (var run in passwords.Chunk(PasswordsPerChpasswd))
        {
            await runner.RunCheckedAsync(
                Spec("chpasswd", ["--crypt-method", BatchHashMethod]) with
                {
                    StandardInput = string.Concat(run.Select(p => $"{p.Name.Value}:{p.Password}\n")),
                    Secrets = [.. run.Select(p => p.Password)],
                    Timeout = ChpasswdTimeout(run.Length),
                },
                ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Each password is hashed (yescrypt, deliberately slow): 900 of them took over a minute on the loaded 2-core machine
    /// and the default timeout killed the batch, so the allowance grows with the number of passwords.
    /// </summary>
    internal static TimeSpan ChpasswdTimeout(int passwords) => ProcessSpec.DefaultTimeout + (PerPasswordAllowance * passwords);

    private static readonly TimeSpan PerPasswordAllowance = TimeSpan.FromSeconds(1);

    private static long Today => (long)(DateTime.UtcNow - DateTime.UnixEpoch).TotalDays;

    // What useradd does after writing: a caching daemon must not keep answering "no such user".
    private async Task FlushNameCachesAsync(CancellationToken ct)
    {
        if (etcDir != "/etc")
        {
            return;
        }

        foreach (var cache in NameCaches.Where(File.Exists))
        {
            string[][] calls = cache.EndsWith("nscd", StringComparison.Ordinal) ? [["-i", "passwd"], ["-i", "group"]] : [["-UG"]];
            foreach (var arguments in calls)
            {
                await runner.RunAsync(new ProcessSpec(cache, arguments) { Environment = CLocale }, ct).ConfigureAwait(false);
            }
        }
    }
}
