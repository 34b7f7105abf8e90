using System.Text;
using SftpJail.Core.Model;

namespace SftpJail.Core.Rendering.Sshd;

/// <summary>
/// Renders SftpJail's sshd drop-in. sshd keeps the FIRST value it obtains for a keyword, so per-user blocks (only for
/// users that differ from the group defaults) come before the group block, and each repeats the full jail so a
/// per-user block can never be weaker than the group's. See sshd_config(5), "Match".
/// </summary>
public static class SshdDropInRenderer
{
    public const string Header = "# Managed by SftpJail. Do not edit: this file is rewritten on every apply.";

    public static string Render(DesiredState state, HostProfile profile)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("# Jailed SFTP accounts are the members of group ").Append(profile.JailGroup.Value).Append(".\n");
        if (profile.Ciphers.Count > 0)
        {
            text.Append('\n').Append("Ciphers ").Append(string.Join(',', profile.Ciphers.Select(c => c.Value))).Append('\n');
        }

        var special = state.AllUsers
            .Where(pair => pair.User.NeedsOwnMatchBlock || !pair.Site.Enabled)
            .OrderBy(pair => pair.User.Name.Value, StringComparer.Ordinal);
        foreach (var (site, user) in special)
        {
            text.Append('\n').Append("Match User ").Append(user.Name.Value).Append('\n');
            var locked = user.Disabled || !site.Enabled;
            if (locked)
            {
                AppendSetting(text, "PubkeyAuthentication", "no");
                AppendSetting(text, "PasswordAuthentication", "no");
                AppendSetting(text, "KbdInteractiveAuthentication", "no");
                AppendSetting(text, "HostbasedAuthentication", "no");
            }
            else if (user.KeyOnly)
            {
                AppendSetting(text, "PasswordAuthentication", "no");
                AppendSetting(text, "KbdInteractiveAuthentication", "no");
            }

            AppendJail(text, profile, readOnly: user.ReadOnly);
        }

        text.Append('\n').Append("Match Group ").Append(profile.JailGroup.Value).Append('\n');
        AppendJail(text, profile, readOnly: false);
        return text.ToString();
    }

    public static string ForceCommand(HostProfile profile, bool readOnly) =>
        $"internal-sftp -l {profile.Sftp.LogLevel} -u {profile.Sftp.Umask} -d /html{(readOnly ? " -R" : string.Empty)}";

    private static void AppendJail(StringBuilder text, HostProfile profile, bool readOnly)
    {
        AppendSetting(text, "ChrootDirectory", "%h");
        AppendSetting(text, "ForceCommand", ForceCommand(profile, readOnly));
        AppendSetting(text, "AuthorizedKeysFile", profile.AuthorizedKeysDir.Value + "/%u");
        AppendSetting(text, "AllowTcpForwarding", "no");
        AppendSetting(text, "AllowAgentForwarding", "no");
        AppendSetting(text, "AllowStreamLocalForwarding", "no");
        AppendSetting(text, "PermitTunnel", "no");
        AppendSetting(text, "X11Forwarding", "no");
        AppendSetting(text, "PermitTTY", "no");
        AppendSetting(text, "PermitUserRC", "no");
    }

    private static void AppendSetting(StringBuilder text, string keyword, string value) =>
        text.Append("    ").Append(keyword).Append(' ').Append(value).Append('\n');
}
