using System.Globalization;
using System.Text;
using SftpJail.Core.Model.Hardening;

namespace SftpJail.Core.Rendering.Sshd;

/// <summary>
/// The hardening parts of SftpJail's drop-in, as pure text. The drop-in is included at the top of the distribution's
/// sshd_config and sshd keeps the first value it obtains, so <see cref="Global"/> goes before any Match block and
/// wins over the distribution's own lines. Inside Match blocks the matching values override the global ones
/// (sshd_config(5), "Match"), which is how jailed users keep passwords while everyone else is key-only.
/// </summary>
public static class HardeningRenderer
{
    public const string GlobalComment = "# SSH hardening profile. Global values: they must come before every Match block.";

    /// <summary>Global keyword lines (no indentation, no trailing newline per line).</summary>
    /// <param name="admitAdmins">False for the dedicated SFTP-only sshd: its AllowGroups names the jail group alone.</param>
    public static IReadOnlyList<string> Global(SshHardening hardening, HardeningContext context, bool admitAdmins = true)
    {
        var version = context.Version;
        var lines = new List<string>();
        if (hardening.DenyRootLogin)
        {
            lines.Add("PermitRootLogin no");
        }

        if (hardening.DenyPasswordLogin)
        {
            lines.Add("PasswordAuthentication no");
        }

        // The keyword was renamed in 8.7; the old name is still accepted but deprecated, so each release gets its own.
        lines.Add(version.AtLeast(SshdVersion.KbdInteractiveKeyword) ? "KbdInteractiveAuthentication no" : "ChallengeResponseAuthentication no");
        lines.Add("PermitEmptyPasswords no");
        lines.Add("MaxAuthTries " + Number(hardening.MaxAuthTries));
        lines.Add("LoginGraceTime " + SshHardening.Seconds(hardening.LoginGraceTime));
        lines.Add("ClientAliveInterval " + SshHardening.Seconds(hardening.ClientAliveInterval));
        lines.Add("ClientAliveCountMax " + Number(hardening.ClientAliveCountMax));
        lines.Add("MaxStartups " + hardening.MaxStartups);
        if (version.AtLeast(SshdVersion.PerSourcePenalties))
        {
            lines.Add("PerSourcePenalties yes");
        }

        // AllowGroups is not first-match-wins: every AllowGroups line adds to one list (servconf.c), so a dedicated
        // main config's own AllowGroups only widens this by groups SftpJail already admits.
        lines.Add(admitAdmins ? $"AllowGroups {context.AdminGroup.Value} {context.JailGroup.Value}" : $"AllowGroups {context.JailGroup.Value}");

        var crypto = CryptoAlgorithms.For(hardening.Crypto, version);
        AddList(lines, "KexAlgorithms", crypto.KexAlgorithms);
        AddList(lines, "Ciphers", crypto.Ciphers);
        AddList(lines, "MACs", crypto.Macs);
        AddList(lines, "HostKeyAlgorithms", crypto.HostKeyAlgorithms);
        if (hardening.Crypto == CryptoPolicy.HardenedOpenSsh9 && version.AtLeast(SshdVersion.RequiredRsaSize))
        {
            lines.Add("RequiredRSASize 3072");
        }

        return lines;
    }

    /// <summary>Extra settings for the jail group's Match block: passwords stay allowed for jailed SFTP users.</summary>
    public static IReadOnlyList<string> JailGroupSettings(SshHardening hardening) =>
        hardening.DenyPasswordLogin
            ? ["PasswordAuthentication yes", "DisableForwarding yes"]
            : ["DisableForwarding yes"];

    /// <summary>
    /// The admin group's block. Keys are read from the admin's own ~/.ssh/authorized_keys (existing sudoers keep working)
    /// and from SftpJail's root-owned file; with the profile, admins are key-only.
    /// </summary>
    public static string AdminBlock(SshHardening? hardening, HardeningContext context)
    {
        var text = new StringBuilder();
        text.Append("Match Group ").Append(context.AdminGroup.Value).Append('\n');
        Setting(text, "AuthorizedKeysFile", $".ssh/authorized_keys {context.AuthorizedKeysDir.Value}/%u");
        if (hardening?.DenyPasswordLogin == true)
        {
            Setting(text, "PasswordAuthentication", "no");
        }

        return text.ToString();
    }

    /// <summary>
    /// The enrolment block for one admin, empty once the window has closed. It must precede <see cref="AdminBlock"/>:
    /// the first PasswordAuthentication a matching block sets is the one sshd uses.
    /// </summary>
    public static string EnrolmentBlock(EnrolmentWindow? window, DateTimeOffset now)
    {
        if (window is null || !window.IsOpenAt(now))
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        text.Append("# Enrolment window for ").Append(window.Admin.Value).Append(" until ")
            .Append(window.ExpiresAtUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Match User ").Append(window.Admin.Value).Append('\n');
        Setting(text, "PasswordAuthentication", "yes");
        return text.ToString();
    }

    private static void AddList(List<string> lines, string keyword, IReadOnlyList<Model.SshdToken> tokens)
    {
        if (tokens.Count > 0)
        {
            lines.Add(keyword + " " + string.Join(',', tokens.Select(t => t.Value)));
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Setting(StringBuilder text, string keyword, string value) =>
        text.Append("    ").Append(keyword).Append(' ').Append(value).Append('\n');
}
