using System.Globalization;
using SftpJail.Core.Model;

namespace SftpJail.Core.Rendering.Sshd;

/// <summary>
/// The main config of SftpJail's own sshd instance (dedicated mode): its own port, host keys and pid file, only the
/// jail group admitted. OpenSSH 9.2 refuses <c>Subsystem</c> inside Match, so it is set here, globally.
/// </summary>
public static class DedicatedSshdConfigRenderer
{
    public static string Render(HostProfile profile, DedicatedSshdPaths paths)
    {
        var dropInDir = profile.SshdDropInPath.Parent!.Value;
        var lines = new List<string>
        {
            "# Managed by SftpJail: the dedicated sshd for jailed SFTP accounts. Rewritten on every apply.",
            $"Include {dropInDir}/*.conf",
            $"Port {profile.Listen.Port.ToString(CultureInfo.InvariantCulture)}",
            $"ListenAddress {FormatAddress(profile)}",
        };
        lines.AddRange(paths.HostKeys.Select(key => $"HostKey {key.Value}"));
        lines.AddRange(
        [
            $"PidFile {paths.PidFile.Value}",
            "Subsystem sftp internal-sftp",
            "UsePAM no",
            "PermitRootLogin no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication yes",
            "KbdInteractiveAuthentication no",
            "PermitEmptyPasswords no",
            "StrictModes yes",
            $"AllowGroups {profile.JailGroup.Value}",
            "MaxAuthTries 4",
            "LoginGraceTime 30",
            "SyslogFacility AUTH",
            "LogLevel INFO",
        ]);
        return string.Join('\n', lines) + "\n";
    }

    private static string FormatAddress(HostProfile profile) =>
        profile.Listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{profile.Listen.Address}]"
            : profile.Listen.Address.ToString();
}

/// <summary>Files of the dedicated sshd instance, all under the executor's state directory.</summary>
public sealed record DedicatedSshdPaths(IReadOnlyList<Values.AbsolutePath> HostKeys, Values.AbsolutePath PidFile)
{
    public static DedicatedSshdPaths For(HostProfile profile)
    {
        var dir = profile.SshdMainConfigPath.Parent!;
        return new DedicatedSshdPaths(
            [dir.Combine("ssh_host_ed25519_key"), dir.Combine("ssh_host_ecdsa_key"), dir.Combine("ssh_host_rsa_key")],
            dir.Combine("sshd.pid"));
    }
}
