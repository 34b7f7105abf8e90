using SftpJail.Core.Values;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Model;

/// <summary>
/// Logs in as every user the model knows, with the real sftp client, and compares what happened with what the model
/// says: an enabled user on an enabled site gets in with each method it has and is jailed (and a read-only one cannot
/// upload); every other way in is refused. Returns one line per mismatch.
/// </summary>
public sealed class AccessChecker(JailHost host, KeyPool keys)
{
    // Logins of different users run side by side; sshd's default MaxStartups (10) is well above this.
    private const int ParallelLogins = 3;

    private const string Greeting = "Remote working directory:";

    public async Task<IReadOnlyList<string>> CheckAsync(JailModel model, int step)
    {
        using var gate = new SemaphoreSlim(ParallelLogins);
        var live = model.Users.Select(pair => Guarded(gate, () => CheckLiveUserAsync(pair.Site, pair.User, step)));
        var removed = model.Removed.Values.Select(user => Guarded(gate, () => CheckRefusedAsync(user, "removed")));
        var results = await Task.WhenAll(live.Concat(removed));
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
            return await CheckRefusedAsync(user, user.Disabled ? "disabled" : $"on disabled site {site.Domain}");
        }

        var failures = new List<string>();
        var who = $"{UserTraits.Describe(user)} on {site.Domain}";
        if (user.CanUsePassword)
        {
            failures.AddRange(await CheckJailedSessionAsync(site, user, "password", step,
                batch => host.Client.SftpWithPasswordAsync(user.Name, user.Password!, batch)));
        }
        else if (user.Password is not null)
        {
            failures.AddRange(await ExpectRefusedAsync(who, "password (key-only)", host.Client.SftpWithPasswordAsync(user.Name, user.Password, "pwd")));
        }

        foreach (var key in user.Keys)
        {
            failures.AddRange(await CheckJailedSessionAsync(site, user, $"key k{key}", step,
                batch => host.Client.SftpWithKeyAsync(user.Name, keys.PrivateKeyFiles[key], batch)));
        }

        // One key of the pool that is not this user's must not open its account.
        var foreign = Enumerable.Range(0, keys.Count).Except(user.Keys).Cast<int?>().FirstOrDefault();
        if (foreign is { } other)
        {
            failures.AddRange(await ExpectRefusedAsync(who, $"key k{other} (not its key)", host.Client.SftpWithKeyAsync(user.Name, keys.PrivateKeyFiles[other], "pwd")));
        }

        return failures;
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
            if (above.Count != 1 || above[0] != "html")
            {
                failures.Add($"{who}: the parent of its chroot should show only html/, showed [{string.Join(", ", above)}]");
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

    /// <summary>Neither its last password nor any of its keys lets the user in.</summary>
    private async Task<IReadOnlyList<string>> CheckRefusedAsync(ModelUser user, string why)
    {
        var who = $"{UserTraits.Describe(user)}, {why}";
        var failures = new List<string>();
        if (user.Password is not null)
        {
            failures.AddRange(await ExpectRefusedAsync(who, "password", host.Client.SftpWithPasswordAsync(user.Name, user.Password, "pwd")));
        }

        foreach (var key in user.Keys)
        {
            failures.AddRange(await ExpectRefusedAsync(who, $"key k{key}", host.Client.SftpWithKeyAsync(user.Name, keys.PrivateKeyFiles[key], "pwd")));
        }

        return failures;
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
