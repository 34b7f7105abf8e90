using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Contract;
using SftpJail.Executor;
using SftpJail.Executor.Hardening;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Hardening;

/// <summary>
/// A <see cref="JailHost"/> (engine, unique sjt… names) with its own admin group, so admin accounts never join the
/// machine's real sudo group. By default it runs in system mode against a stand-in for the host's own sshd (a
/// Debian-shaped main config including the drop-in directory, reloaded through <see cref="SystemctlStandIn"/>): admin
/// logins, the enrolment window and the key probe belong there, never to the dedicated SFTP-only sshd. Dispose also
/// removes the admins' home directories, which the jail host's userdel leaves behind.
/// </summary>
public sealed class LockdownHost : IAsyncDisposable
{
    private LockdownHost(JailHost host, ExecutorEngine engine)
    {
        Host = host;
        Engine = engine;
    }

    public JailHost Host { get; }

    /// <summary>The engine the tests apply through: the host's sshd (system mode) or the jail host's dedicated one.</summary>
    public ExecutorEngine Engine { get; }

    public string AdminGroup => Host.Profile.AdminGroup.Value;

    /// <param name="dedicated">Use the jail host's dedicated SFTP-only sshd instead of a stand-in for the host's own.</param>
    public static async Task<LockdownHost> CreateAsync(bool dedicated = false)
    {
        var host = await JailHost.CreateAsync(o =>
        {
            o.AdminGroup = o.JailGroup!.Replace("jail", "admins", StringComparison.Ordinal);
            if (!dedicated)
            {
                var dir = o.StateDir!.Replace("/state", "/hostsshd", StringComparison.Ordinal);
                o.SshdMode = "System";
                o.SshdMainConfigPath = $"{dir}/sshd_config";
                o.SshdDropInPath = $"{dir}/sshd_config.d/50-sftpjail.conf";
                o.SshdServiceName = o.JailGroup.Replace("jail", "-ssh", StringComparison.Ordinal);
            }
        });
        var group = await HostCommand.RunAsync("groupadd", ["--", host.Profile.AdminGroup.Value]);
        Assert.True(group.ExitCode == 0, group.All);
        if (dedicated)
        {
            return new LockdownHost(host, host.Engine);
        }

        var sshdDir = host.Profile.SshdMainConfigPath.Parent!.Value;
        Directory.CreateDirectory(Path.Combine(sshdDir, "sshd_config.d"));
        var key = await HostCommand.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", Path.Combine(sshdDir, "ssh_host_ed25519_key")]);
        Assert.True(key.ExitCode == 0, key.All);
        var pidFile = Path.Combine(sshdDir, "sshd.pid");
        await File.WriteAllTextAsync(host.Profile.SshdMainConfigPath.Value, string.Join('\n',
        [
            $"Include {sshdDir}/sshd_config.d/*.conf",
            $"Port {host.Port}",
            "ListenAddress 127.0.0.1",
            $"HostKey {sshdDir}/ssh_host_ed25519_key",
            $"PidFile {pidFile}",
            "UsePAM no",
            "Subsystem sftp internal-sftp",
        ]) + "\n");
        var runner = new SystemctlStandIn(host.Profile.SshdServiceName, host.Profile.SshdMainConfigPath.Value, pidFile, Path.Combine(sshdDir, "sshd.log"));
        return new LockdownHost(host, ExecutorEngine.Create(host.Profile, NullLoggerFactory.Instance, runner));
    }

    public Task<ApplyResult> ApplyAsync(DesiredStateDto state, params PasswordChange[] passwords) => Engine.ApplyAsync(state, passwords);

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

    public Task<IReadOnlyDictionary<string, string>> EffectiveAsync(string user) => Engine.EffectiveSettingsAsync(user);

    public EnrolmentTimer NewEnrolmentTimer() => EnrolmentTimer.For(Engine, TimeProvider.System, NullLogger<EnrolmentTimer>.Instance);

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
