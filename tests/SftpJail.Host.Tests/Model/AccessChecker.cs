using SftpJail.Core.Values;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Model;

/// <summary>
/// Logs in as every user the model knows, with the real sftp client, and compares what happened with what the model
/// says: an enabled user on an enabled site gets in with its password (unless key-only) and with a key, and is jailed
/// (a read-only one cannot upload); a key-only user's password, and every way in of a disabled or removed user, is
/// refused. A user with several keys is tried with one per step, in turn. The credentials the operation just took away
/// (a removed key, the password before a reset) are tried too. Returns one line per mismatch.
/// </summary>
public sealed class AccessChecker(JailHost host, KeyPool keys)
{
    // Logins of different users run side by side; sshd's default MaxStartups (10) is well above this.
    private const int ParallelLogins = 3;

    private const string Greeting = "Remote working directory:";

    private int logins;

    /// <summary>How many logins the checks have tried so far.</summary>
    public int Logins => logins;

    /// <summary>The chroot's top level with the log relay on: its root-owned dev/ (holding only dev/log) beside html/.</summary>
    public bool WithRelayDev { get; init; }

    public async Task<IReadOnlyList<string>> CheckAsync(JailModel before, ModelOperation operation, JailModel after, int step)
    {
        using var gate = new SemaphoreSlim(ParallelLogins);
        var live = after.Users.Select(pair => Guarded(gate, () => CheckLiveUserAsync(pair.Site, pair.User, step)));
        var removed = after.Removed.Values.Select(user => Guarded(gate, () => CheckRefusedAsync(user, "removed", step)));
        var revoked = Guarded(gate, () => CheckRevokedAsync(before, operation, after));
        var results = await Task.WhenAll(live.Concat(removed).Append(revoked));
        return results.SelectMany(r => r).ToList();
    }

    private static async Task<IReadOnlyList<string>> Guarded(SemaphoreSlim gate, Func<Task<IReadOnlyList<string>>> check)
    {
        await gate.WaitAsync();
        try
        {
            return await check();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IReadOnlyList<string>> CheckLiveUserAsync(ModelSite site, ModelUser user, int step)
    {
        if (!site.Enabled || user.Disabled)
        {
            return await CheckRefusedAsync(user, user.Disabled ? "disabled" : $"on disabled site {site.Domain}", step);
        }

        var failures = new List<string>();
        if (user.CanUsePassword)
        {
            failures.AddRange(await CheckJailedSessionAsync(site, user, "password", step,
                batch => host.Client.SftpWithPasswordAsync(user.Name, user.Password!, batch)));
        }
        else if (user.Password is not null)
        {
            failures.AddRange(await ExpectRefusedAsync($"{UserTraits.Describe(user)} on {site.Domain}", "password (key-only)", PasswordLoginAsync(user.Name, user.Password)));
        }

        if (KeyForStep(user, step) is { } key)
        {
            failures.AddRange(await CheckJailedSessionAsync(site, user, $"key k{key}", step,
                batch => host.Client.SftpWithKeyAsync(user.Name, keys.PrivateKeyFiles[key], batch)));
        }

        return failures;
    }

    /// <summary>A key removed from a user, or the password it had before a reset, no longer opens the account.</summary>
    private async Task<IReadOnlyList<string>> CheckRevokedAsync(JailModel before, ModelOperation operation, JailModel after)
    {
        switch (operation)
        {
            case RemoveKey removed:
                return await ExpectRefusedAsync(UserTraits.Describe(after.User(removed.UserName).User), $"removed key k{removed.Key}", KeyLoginAsync(removed.UserName, removed.Key));
            case ResetPassword reset when before.User(reset.UserName).User.Password is { } old && old != reset.NewPassword:
                return await ExpectRefusedAsync(UserTraits.Describe(after.User(reset.UserName).User), "the password from before the reset", PasswordLoginAsync(reset.UserName, old));
            default:
                return [];
        }
    }

    private static int? KeyForStep(ModelUser user, int step) => user.Keys.IsEmpty ? null : user.Keys[step % user.Keys.Count];

    private Task<HostCommand.Output> PasswordLoginAsync(string user, string password)
    {
        Interlocked.Increment(ref logins);
        return host.Client.SftpWithPasswordAsync(user, password, "pwd");
    }

    private Task<HostCommand.Output> KeyLoginAsync(string user, int key)
    {
        Interlocked.Increment(ref logins);
        return host.Client.SftpWithKeyAsync(user, keys.PrivateKeyFiles[key], "pwd");
    }

    /// <summary>
    /// One session: starts in /html, cannot climb above / (its chroot), sees only html/ there, and can upload into
    /// html/ unless read-only. The upload is checked on the host's side.
    /// </summary>
    private async Task<IReadOnlyList<string>> CheckJailedSessionAsync(
        ModelSite site, ModelUser user, string method, int step, Func<string[], Task<HostCommand.Output>> sftp)
    {
        var who = $"{UserTraits.Describe(user)} on {site.Domain}, by {method}";
        var probeName = $"probe-{step}-{user.Name}-{method.Replace(' ', '-')}.txt";
        var local = Path.Combine(host.BaseDir, probeName);
        var onHost = Path.Combine(host.Profile.UploadDirFor(SiteDomain.Parse(site.Domain)).Value, probeName);
        await File.WriteAllTextAsync(local, "uploaded by the model test\n");
        try
        {
            var put = user.ReadOnly ? $"-put {local} /html/{probeName}" : $"put {local} /html/{probeName}";
            Interlocked.Increment(ref logins);
            var result = await sftp(["pwd", "cd ..", "cd ..", "pwd", "ls -1a /..", put]);
            var failures = new List<string>();
            var lines = result.StandardOutput.Split('\n').Select(l => l.Trim()).ToList();
            if (result.ExitCode != 0)
            {
                failures.Add($"{who}: expected a jailed session, got exit {result.ExitCode}: {Tail(result)}");
                return failures;
            }

            if (!lines.Contains($"{Greeting} /html") || !lines.Contains($"{Greeting} /"))
            {
                failures.Add($"{who}: expected to start in /html and stop at / after cd .., saw: {Tail(result)}");
            }

            var above = lines.Where(l => l.StartsWith("/../", StringComparison.Ordinal)).Select(l => l[4..]).Where(n => n is not ("." or "..")).ToList();
            string[] expected = WithRelayDev ? ["dev", "html"] : ["html"];
            if (!above.Order(StringComparer.Ordinal).SequenceEqual(expected))
            {
                failures.Add($"{who}: the parent of its chroot should show only {string.Join(" and ", expected.Select(e => e + "/"))}, showed [{string.Join(", ", above)}]");
            }

            var uploaded = File.Exists(onHost);
            if (user.ReadOnly && (uploaded || !result.All.Contains("denied", StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"{who}: read-only, expected the put to be refused; file on host: {uploaded}, output: {Tail(result)}");
            }
            else if (!user.ReadOnly && !uploaded)
            {
                failures.Add($"{who}: expected the put into html/ to land at {onHost}; output: {Tail(result)}");
            }

            return failures;
        }
        finally
        {
            File.Delete(local);
            File.Delete(onHost);
        }
    }

    /// <summary>Neither its last password nor its key of this step lets the user in (one connection offers both).</summary>
    private async Task<IReadOnlyList<string>> CheckRefusedAsync(ModelUser user, string why, int step)
    {
        var who = $"{UserTraits.Describe(user)}, {why}";
        switch (user.Password, KeyForStep(user, step))
        {
            case ({ } password, { } key):
                Interlocked.Increment(ref logins);
                return await ExpectRefusedAsync(who, $"key k{key} and password", host.Client.SftpWithKeyThenPasswordAsync(user.Name, keys.PrivateKeyFiles[key], password, "pwd"));
            case ({ } password, null):
                return await ExpectRefusedAsync(who, "password", PasswordLoginAsync(user.Name, password));
            case (null, { } key):
                return await ExpectRefusedAsync(who, $"key k{key}", KeyLoginAsync(user.Name, key));
            default:
                return [];
        }
    }

    private static async Task<IReadOnlyList<string>> ExpectRefusedAsync(string who, string method, Task<HostCommand.Output> login)
    {
        var result = await login;
        return result.ExitCode != 0 && !result.StandardOutput.Contains(Greeting, StringComparison.Ordinal)
            ? []
            : [$"{who}: expected {method} to be refused, but it logged in (exit {result.ExitCode}): {Tail(result)}"];
    }

    private static string Tail(HostCommand.Output result)
    {
        var text = result.All.Replace('\n', ' ').Trim();
        return text.Length <= 400 ? text : "…" + text[^400..];
    }
}
