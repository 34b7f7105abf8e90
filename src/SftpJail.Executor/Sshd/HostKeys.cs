using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Core.Values;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Sshd;

/// <summary>Host keys: generated for the dedicated instance, and fingerprinted for the customers' connection page.</summary>
internal sealed class HostKeys(HostProfile profile, IProcessRunner runner)
{
    public async Task<IReadOnlyList<AbsolutePath>> EnsureDedicatedKeysAsync(CancellationToken cancellationToken)
    {
        var created = new List<AbsolutePath>();
        foreach (var key in DedicatedSshdPaths.For(profile).HostKeys)
        {
            if (File.Exists(key.Value))
            {
                continue;
            }

            var type = key.Name.Contains("ed25519", StringComparison.Ordinal) ? "ed25519" : key.Name.Contains("ecdsa", StringComparison.Ordinal) ? "ecdsa" : "rsa";
            List<string> args = ["-q", "-t", type, "-N", string.Empty, "-C", "sftpjail-host", "-f", key.Value];
            if (type == "rsa")
            {
                args.InsertRange(0, ["-b", "3072"]);
            }

            await runner.RunCheckedAsync(new ProcessSpec("ssh-keygen", args), cancellationToken);
            created.Add(key);
        }

        return created;
    }

    public async Task<IReadOnlyList<HostKeyFingerprint>> FingerprintsAsync(CancellationToken cancellationToken)
    {
        var fingerprints = new List<HostKeyFingerprint>();
        foreach (var key in await HostKeyPathsAsync(cancellationToken))
        {
            var pub = key + ".pub";
            if (!File.Exists(pub))
            {
                continue;
            }

            // ssh-keygen -l prints "256 SHA256:abc… comment (ED25519)".
            var result = await runner.RunAsync(new ProcessSpec("ssh-keygen", ["-l", "-E", "sha256", "-f", pub]), cancellationToken);
            var fields = result.StandardOutput.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (result.Succeeded && fields.Length >= 2)
            {
                fingerprints.Add(new HostKeyFingerprint(fields[^1].Trim('(', ')'), fields[1]));
            }
        }

        return fingerprints;
    }

    private async Task<IEnumerable<string>> HostKeyPathsAsync(CancellationToken cancellationToken)
    {
        if (profile.Mode == SshdMode.Dedicated)
        {
            return DedicatedSshdPaths.For(profile).HostKeys.Select(k => k.Value);
        }

        var result = await runner.RunAsync(new ProcessSpec(profile.SshdBinary.Value, ["-T", "-f", profile.SshdMainConfigPath.Value]), cancellationToken);
        return result.StandardOutput.Split('\n')
            .Where(line => line.StartsWith("hostkey ", StringComparison.Ordinal))
            .Select(line => line["hostkey ".Length..].Trim());
    }
}
