using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Hardening;
using SftpJail.Executor.Processes;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Hardening;

/// <summary>
/// A disposable stand-in for the host's own sshd (system mode) for the hardening parts on their own: its own main config (shaped like Debian's: the drop-in
/// directory included first), host key, pid file and a log file (<c>sshd -E</c>), on a random loopback port, with
/// its own admin and jail groups. Admins get a login shell and a home. Dispose stops sshd and removes every user,
/// group and file it made (all named sjt + Id), even when the test failed. Never touches /etc/ssh or the system sshd.
/// </summary>
public sealed class HardenedSshdHost : IAsyncDisposable
{
    private int? pid;

    private HardenedSshdHost(string id)
    {
        Id = id;
        BaseDir = $"/var/lib/sjtest-{id}";
        Port = FreePort();
        var options = new HostProfileOptions
        {
            Family = "Debian",
            JailGroup = $"sjt{id}jail",
            WebGroup = "www-data",
            JailRoot = $"{BaseDir}/www",
            AuthorizedKeysDir = $"{BaseDir}/etc/keys",
            StateDir = $"{BaseDir}/state",
            SshdMode = "System",
            SshdMainConfigPath = $"{BaseDir}/sshd/sshd_config",
            SshdDropInPath = $"{BaseDir}/sshd/sshd_config.d/50-sftpjail.conf",
            ListenAddress = "127.0.0.1",
            Port = Port,
        };
        Profile = options.ToProfile();
        AdminGroup = LinuxGroupName.Parse($"sjt{id}admins");
        Files = new HostFileSystem([Profile.AuthorizedKeysDir.Parent!, Profile.StateDir]);
        Runner = new ProcessRunner();
    }

    public string Id { get; }

    public string BaseDir { get; }

    public int Port { get; }

    public HostProfile Profile { get; }

    public LinuxGroupName AdminGroup { get; }

    public HostFileSystem Files { get; }

    public IProcessRunner Runner { get; }

    public string LogFile => $"{BaseDir}/sshd/sshd.log";

    public HardeningContext Context => new(AdminGroup, Profile.JailGroup, Profile.AuthorizedKeysDir, SshdVersion.Parse(SshdVersionText()));

    public static async Task<HardenedSshdHost> CreateAsync()
    {
        var host = new HardenedSshdHost(new string(Enumerable.Range(0, 6).Select(_ => (char)('a' + Random.Shared.Next(26))).ToArray()));
        foreach (var dir in new[] { host.BaseDir, $"{host.BaseDir}/sshd", $"{host.BaseDir}/sshd/sshd_config.d", $"{host.BaseDir}/etc", host.Profile.AuthorizedKeysDir.Value, host.Profile.StateDir.Value })
        {
            Directory.CreateDirectory(dir, (UnixFileMode)0b111_101_101);
        }

        Directory.CreateDirectory("/run/sshd");
        await Must("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", $"{host.BaseDir}/sshd/ssh_host_ed25519_key");
        await Must("groupadd", "--", host.AdminGroup.Value);
        await Must("groupadd", "--", host.Profile.JailGroup.Value);
        return host;
    }

    public string UserName(string suffix) => $"sjt{Id}{suffix}";

    /// <summary>An admin as SftpJail creates one: home, bash, the admin group, "*" as password (no password, but not locked).</summary>
    public async Task<LinuxUserName> CreateAdminAsync(string suffix, string? password = null, bool inAdminGroup = true)
    {
        var name = UserName(suffix);
        List<string> args = ["-m", "-s", "/bin/bash", "-p", "*"];
        if (inAdminGroup)
        {
            args.AddRange(["-G", AdminGroup.Value]);
        }

        await Must("useradd", [.. args, "--", name]);
        if (password is not null)
        {
            var set = await HostCommand.RunAsync("chpasswd", [], stdin: $"{name}:{password}\n");
            Assert.True(set.ExitCode == 0, set.All);
        }

        return LinuxUserName.Parse(name);
    }

    /// <summary>A jailed SFTP user: chroot home (root-owned), nologin, the jail group.</summary>
    public async Task<LinuxUserName> CreateJailedUserAsync(string suffix, string password)
    {
        var name = UserName(suffix);
        var chroot = $"{BaseDir}/www/{name}";
        Directory.CreateDirectory($"{BaseDir}/www", (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(chroot, (UnixFileMode)0b111_101_101);
        await Must("useradd", "-M", "-d", chroot, "-s", "/usr/sbin/nologin", "-G", Profile.JailGroup.Value, "--", name);
        var set = await HostCommand.RunAsync("chpasswd", [], stdin: $"{name}:{password}\n");
        Assert.True(set.ExitCode == 0, set.All);
        Directory.CreateDirectory($"{chroot}/html");
        await Must("chown", $"{name}:{name}", $"{chroot}/html");
        return LinuxUserName.Parse(name);
    }

    public Task WriteManagedKeysAsync(string user, params string[] keyLines) =>
        File.WriteAllTextAsync(Profile.AuthorizedKeysFileFor(LinuxUserName.Parse(user)).Value, string.Concat(keyLines.Select(k => k + "\n")));

    /// <summary>A fresh client key pair in the test directory; returns (private key path, public key line).</summary>
    public async Task<(string KeyFile, string PublicKey)> NewClientKeyAsync(string name)
    {
        var keyFile = $"{BaseDir}/{name}";
        await Must("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", name, "-f", keyFile);
        return (keyFile, (await File.ReadAllTextAsync(keyFile + ".pub")).Trim());
    }

    /// <summary>Writes the main config (extra lines go after the drop-in's Include, like a distribution's own) and the drop-in, then (re)starts sshd.</summary>
    public async Task StartAsync(string dropIn, params string[] mainConfigLines)
    {
        await StopAsync();
        await File.WriteAllTextAsync(Profile.SshdDropInPath.Value, dropIn);
        await File.WriteAllTextAsync(Profile.SshdMainConfigPath.Value, string.Join('\n',
        [
            $"Include {BaseDir}/sshd/sshd_config.d/*.conf",
            $"Port {Port}",
            "ListenAddress 127.0.0.1",
            $"HostKey {BaseDir}/sshd/ssh_host_ed25519_key",
            $"PidFile {BaseDir}/sshd/sshd.pid",
            "UsePAM no",
            "Subsystem sftp internal-sftp",
            .. mainConfigLines,
        ]) + "\n");
        await Must("/usr/sbin/sshd", "-f", Profile.SshdMainConfigPath.Value, "-E", LogFile);
        // The daemonised child writes the pid file a moment after the parent has exited.
        var pidFile = $"{BaseDir}/sshd/sshd.pid";
        for (var i = 0; i < 200 && !(File.Exists(pidFile) && (await File.ReadAllTextAsync(pidFile)).EndsWith('\n')); i++)
        {
            await Task.Delay(25);
        }

        pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim());
    }

    /// <summary>Writes the traits file the drop-in includes (null: removes it); sshd reads it when it (re)starts.</summary>
    public async Task WriteTraitsAsync(string? traits)
    {
        if (traits is null)
        {
            File.Delete(Profile.SshdTraitsPath.Value);
        }
        else
        {
            await File.WriteAllTextAsync(Profile.SshdTraitsPath.Value, traits);
        }
    }

    public async Task<HostCommand.Output> SshAsync(string user, string? keyFile, string? password, string command = "true")
    {
        List<string> common =
        [
            "-F", "/dev/null", "-p", Port.ToString(), "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oLogLevel=ERROR",
            "-oConnectTimeout=10", "-oNumberOfPasswordPrompts=1", "-oIdentitiesOnly=yes", "-oIdentityAgent=none",
        ];
        if (password is not null)
        {
            return await HostCommand.RunAsync("sshpass", ["-e", "ssh", .. common, "-oBatchMode=no", "-oPubkeyAuthentication=no", "-oPreferredAuthentications=password", $"{user}@127.0.0.1", command],
                new Dictionary<string, string> { ["SSHPASS"] = password });
        }

        return await HostCommand.RunAsync("ssh", [.. common, "-oBatchMode=yes", "-oPreferredAuthentications=publickey", "-i", keyFile!, $"{user}@127.0.0.1", command]);
    }

    /// <summary>An sftp session with a password running <paramref name="batch"/> (the OpenSSH sftp client).</summary>
    public async Task<HostCommand.Output> SftpWithPasswordAsync(string user, string password, params string[] batch)
    {
        var batchFile = $"{BaseDir}/batch-{Guid.NewGuid():N}";
        await File.WriteAllLinesAsync(batchFile, batch);
        return await HostCommand.RunAsync("sshpass",
        [
            "-e", "sftp", "-F", "/dev/null", "-P", Port.ToString(), "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oLogLevel=ERROR",
            "-oBatchMode=no", "-oPubkeyAuthentication=no", "-oPreferredAuthentications=password", "-oNumberOfPasswordPrompts=1", "-b", batchFile, $"{user}@127.0.0.1",
        ], new Dictionary<string, string> { ["SSHPASS"] = password });
    }

    public async Task<IReadOnlyDictionary<string, string>> EffectiveAsync(string user)
    {
        var result = await HostCommand.RunAsync("/usr/sbin/sshd", ["-T", "-f", Profile.SshdMainConfigPath.Value, "-C", $"user={user},host=localhost,addr=127.0.0.1,laddr=127.0.0.1,lport={Port}"]);
        Assert.True(result.ExitCode == 0, result.All);
        return EffectiveSshdSettings.Parse(result.StandardOutput);
    }

    public async Task<string[]> LogLinesAsync() => File.Exists(LogFile) ? await File.ReadAllLinesAsync(LogFile) : [];

    public KeyLoginProbe Probe() => new(Profile, Files, Runner, NullLogger.Instance);

    public static string SshdVersionText()
    {
        var result = HostCommand.RunAsync("/usr/sbin/sshd", ["-V"]).GetAwaiter().GetResult();
        return result.All;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var user in (await File.ReadAllLinesAsync("/etc/passwd")).Select(l => l.Split(':')[0]).Where(n => n.StartsWith($"sjt{Id}", StringComparison.Ordinal)))
        {
            // -r removes the admin's home (and mail spool); jailed users' chroots live under BaseDir.
            await HostCommand.RunAsync("userdel", ["-r", user]);
        }

        foreach (var group in (await File.ReadAllLinesAsync("/etc/group")).Select(l => l.Split(':')[0]).Where(n => n.StartsWith($"sjt{Id}", StringComparison.Ordinal)))
        {
            await HostCommand.RunAsync("groupdel", [group]);
        }

        if (Directory.Exists(BaseDir))
        {
            Directory.Delete(BaseDir, recursive: true);
        }
    }

    private async Task StopAsync()
    {
        if (pid is { } running)
        {
            await HostCommand.RunAsync("kill", [running.ToString()]);
            for (var i = 0; i < 100 && Directory.Exists($"/proc/{running}"); i++)
            {
                await Task.Delay(20);
            }

            pid = null;
        }
    }

    private static async Task Must(string file, params string[] args)
    {
        var result = await HostCommand.RunAsync(file, args);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)}: {result.All}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
