using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Model;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Hardening;

public sealed record ProbeResult(bool Succeeded, string? Problem)
{
    public static ProbeResult Ok { get; } = new(true, null);

    public static ProbeResult Failed(string problem) => new(false, problem);
}

public interface IKeyLoginProbe
{
    /// <summary>Logs in to the local sshd as <paramref name="admin"/> with a key only this call ever had.</summary>
    Task<ProbeResult> ProbeAsync(LinuxUserName admin, CancellationToken cancellationToken);
}

/// <summary>
/// A real key login to the local sshd: a fresh ed25519 key in a root-only temporary directory is appended to the
/// admin's SftpJail-managed authorized_keys file (restricted to this one command from this one address), the OpenSSH
/// client logs in with it and runs <c>true</c>, and the file is put back as it was — all in try/finally, so the
/// one-time key never outlives the probe. The host key is pinned to the local sshd's own keys.
/// </summary>
public sealed class KeyLoginProbe(HostProfile profile, HostFileSystem files, IProcessRunner runner, ILogger logger) : IKeyLoginProbe
{
    private const int PublicFile = 0b110_100_100; // 0644, like every managed authorized_keys file
    private const string Comment = "sftpjail-lockout-probe";

    public async Task<ProbeResult> ProbeAsync(LinuxUserName admin, CancellationToken cancellationToken)
    {
        if (profile.Mode == SshdMode.Dedicated)
        {
            // Host:Listen and Host:SshdMainConfigPath name the dedicated SFTP-only sshd here, which admits no admin.
            return ProbeResult.Failed("in dedicated mode SftpJail runs an SFTP-only sshd that admits no admin; an admin key login can only be tested against the host's own sshd (Host:SshdMode System)");
        }

        var keysFile = profile.AuthorizedKeysFileFor(admin);
        var entry = files.Inspect(keysFile);
        if (entry.Kind is not (FileKind.RegularFile or FileKind.Missing))
        {
            return ProbeResult.Failed($"{keysFile} is a {entry.Kind}, not a file");
        }

        var previous = files.ReadTextNoFollow(keysFile);
        var address = ConnectAddress();
        var tempDir = Directory.CreateTempSubdirectory("sftpjail-probe-");
        try
        {
            // CreateTempSubdirectory makes the directory 0700 (mkdtemp); the private key never leaves it.
            var key = Path.Combine(tempDir.FullName, "probe_ed25519");
            await runner.RunCheckedAsync(new ProcessSpec("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", Comment, "-f", key]), cancellationToken);
            var knownHosts = Path.Combine(tempDir.FullName, "known_hosts");
            await File.WriteAllTextAsync(knownHosts, await KnownHostsAsync(address, cancellationToken), cancellationToken);

            var publicKey = (await File.ReadAllTextAsync(key + ".pub", cancellationToken)).Trim();
            var probeLine = $"restrict,command=\"true\",from=\"{address}\" {publicKey}\n";
            var withProbe = previous is null ? probeLine : (previous.EndsWith('\n') || previous.Length == 0 ? previous : previous + "\n") + probeLine;
            try
            {
                new AtomicFileWriter(files).Write(keysFile, withProbe, PublicFile);
                var result = await runner.RunAsync(
                    new ProcessSpec("/usr/bin/ssh",
                    [
                        "-F", "/dev/null", "-oBatchMode=yes", "-oIdentitiesOnly=yes", "-oIdentityAgent=none", "-oPreferredAuthentications=publickey",
                        "-oStrictHostKeyChecking=yes", $"-oUserKnownHostsFile={knownHosts}", "-oGlobalKnownHostsFile=/dev/null",
                        "-oConnectTimeout=10", "-oLogLevel=ERROR", "-i", key, "-p", profile.Listen.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "-l", admin.Value, address.ToString(), "true",
                    ])
                    { Timeout = TimeSpan.FromSeconds(30) },
                    cancellationToken);
                if (result.Succeeded)
                {
                    return ProbeResult.Ok;
                }

                var said = result.FirstErrorLine.Length > 0 ? result.FirstErrorLine : $"ssh exited {result.ExitCode}";
                logger.LogWarning("Key login probe as {Admin} failed: {Reason}", admin, said);
                return ProbeResult.Failed($"a test login with a one-time key was refused by the sshd on {address}:{profile.Listen.Port} ({said})");
            }
            finally
            {
                Restore(keysFile, previous);
            }
        }
        finally
        {
            tempDir.Delete(recursive: true);
        }
    }

    private void Restore(AbsolutePath keysFile, string? previous)
    {
        if (previous is null)
        {
            files.RemoveFile(keysFile);
        }
        else
        {
            new AtomicFileWriter(files).Write(keysFile, previous, PublicFile);
        }
    }

    private IPAddress ConnectAddress() =>
        profile.Listen.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
        : profile.Listen.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
        : profile.Listen.Address;

    /// <summary>The local sshd's public host keys, so the probe talks to this host's sshd and nothing else.</summary>
    private async Task<string> KnownHostsAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var host = profile.Listen.Port == 22 ? address.ToString() : $"[{address}]:{profile.Listen.Port}";
        var text = new StringBuilder();
        foreach (var keyPath in await HostKeyPathsAsync(cancellationToken))
        {
            var pub = keyPath + ".pub";
            if (File.Exists(pub))
            {
                var fields = (await File.ReadAllTextAsync(pub, cancellationToken)).Trim().Split(' ');
                if (fields.Length >= 2)
                {
                    text.Append(host).Append(' ').Append(fields[0]).Append(' ').Append(fields[1]).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private async Task<IEnumerable<string>> HostKeyPathsAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new ProcessSpec(profile.SshdBinary.Value, ["-T", "-f", profile.SshdMainConfigPath.Value]), cancellationToken);
        return result.StandardOutput.Split('\n')
            .Where(line => line.StartsWith("hostkey ", StringComparison.Ordinal))
            .Select(line => line["hostkey ".Length..].Trim());
    }
}
