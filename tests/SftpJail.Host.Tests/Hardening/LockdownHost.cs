using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Contract;
using SftpJail.Executor.Hardening;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Hardening;

/// <summary>
/// A <see cref="JailHost"/> (dedicated sshd, engine, unique sjt… names) with its own admin group, so admin accounts
/// never join the machine's real sudo group. Dispose also removes the admins' home directories, which the jail
/// host's userdel leaves behind.
/// </summary>
public sealed class LockdownHost : IAsyncDisposable
{
    private LockdownHost(JailHost host) => Host = host;

    public JailHost Host { get; }

    public string AdminGroup => Host.Profile.AdminGroup.Value;

    public static async Task<LockdownHost> CreateAsync()
    {
        var host = await JailHost.CreateAsync(o => o.AdminGroup = o.JailGroup!.Replace("jail", "admins", StringComparison.Ordinal));
        var group = await HostCommand.RunAsync("groupadd", ["--", host.Profile.AdminGroup.Value]);
        Assert.True(group.ExitCode == 0, group.All);
        return new LockdownHost(host);
    }

    public Task<ApplyResult> ApplyAsync(DesiredStateDto state, params PasswordChange[] passwords) => Host.Engine.ApplyAsync(state, passwords);

    public async Task<(string KeyFile, string PublicKey)> NewClientKeyAsync(string name)
    {
        var keyFile = Path.Combine(Host.BaseDir, name);
        var made = await HostCommand.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", name, "-f", keyFile]);
        Assert.True(made.ExitCode == 0, made.All);
        return (keyFile, (await File.ReadAllTextAsync(keyFile + ".pub")).Trim());
    }

    public async Task<HostCommand.Output> SshAsync(string user, string? keyFile, string? password, string command = "true")
    {
        List<string> common =
        [
            "-F", "/dev/null", "-p", Host.Port.ToString(), "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oLogLevel=ERROR",
            "-oConnectTimeout=10", "-oNumberOfPasswordPrompts=1", "-oIdentitiesOnly=yes", "-oIdentityAgent=none",
        ];
        if (password is not null)
        {
            return await HostCommand.RunAsync("sshpass", ["-e", "ssh", .. common, "-oBatchMode=no", "-oPubkeyAuthentication=no", "-oPreferredAuthentications=password", $"{user}@127.0.0.1", command],
                new Dictionary<string, string> { ["SSHPASS"] = password });
        }

        return await HostCommand.RunAsync("ssh", [.. common, "-oBatchMode=yes", "-oPreferredAuthentications=publickey", "-i", keyFile!, $"{user}@127.0.0.1", command]);
    }

    public Task<IReadOnlyDictionary<string, string>> EffectiveAsync(string user) => Host.Engine.EffectiveSettingsAsync(user);

    public EnrolmentTimer NewEnrolmentTimer() => EnrolmentTimer.For(Host.Engine, TimeProvider.System, NullLogger<EnrolmentTimer>.Instance);

    public async ValueTask DisposeAsync()
    {
        var homes = (await File.ReadAllLinesAsync("/etc/passwd"))
            .Select(line => line.Split(':'))
            .Where(f => f.Length > 5 && f[0].StartsWith($"sjt{Host.Id}", StringComparison.Ordinal) && f[5] == $"/home/{f[0]}")
            .Select(f => f[5])
            .ToList();
        await Host.DisposeAsync();
        foreach (var home in homes.Where(Directory.Exists))
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
