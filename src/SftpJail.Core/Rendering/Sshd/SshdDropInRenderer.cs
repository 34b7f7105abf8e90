using System.Text;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;

namespace SftpJail.Core.Rendering.Sshd;

/// <summary>
/// Renders SftpJail's sshd drop-in. sshd keeps the FIRST value it obtains for a keyword, so per-user blocks (only for
/// users that differ from the group defaults) come before the group block, and each repeats the full jail so a
/// per-user block can never be weaker than the group's. See sshd_config(5), "Match".
/// </summary>
public static class SshdDropInRenderer
{
    public const string Header = "# Managed by SftpJail. Do not edit: this file is rewritten on every apply.";

    /// <param name="now">Decides whether the enrolment window is still open (default: the current time).</param>
    public static string Render(DesiredState state, HostProfile profile, DateTimeOffset? now = null)
    {
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("# Jailed SFTP accounts are the members of group ").Append(profile.JailGroup.Value).Append(".\n");
        var context = state.Hardening is null && state.Admins.Count == 0 ? null : HardeningContextFor(profile);
        if (state.Hardening is not null)
        {
            // Global lines: before every Match block, and (the drop-in is included first) before the distribution's own.
            text.Append('\n').Append(HardeningRenderer.GlobalComment).Append('\n');
            foreach (var line in HardeningRenderer.Global(state.Hardening, context!))
            {
                text.Append(line).Append('\n');
            }
        }

        else if (context is not null && profile.Mode == SshdMode.Dedicated)
        {
            // The dedicated main config admits only the jail group; AllowGroups lines add up, so this admits the admins too
            // (SftpJail manages that whole sshd, and the lock-out guard's key probe must be able to reach it).
            text.Append('\n').Append("AllowGroups ").Append(profile.AdminGroup.Value).Append('\n');
        }

        // The hardened crypto policy sets its own Ciphers; sshd would keep the first of two Ciphers lines anyway.
        if (profile.Ciphers.Count > 0 && state.Hardening?.Crypto is null or CryptoPolicy.OpenSshDefaults)
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

        if (context is not null)
        {
            // Enrolment before the admin block: the first PasswordAuthentication a matching block sets wins.
            var enrolment = HardeningRenderer.EnrolmentBlock(state.Enrolment, now ?? DateTimeOffset.UtcNow);
            if (enrolment.Length > 0)
            {
                text.Append('\n').Append(enrolment);
            }

            text.Append('\n').Append(HardeningRenderer.AdminBlock(state.Hardening, context));
        }

        text.Append('\n').Append("Match Group ").Append(profile.JailGroup.Value).Append('\n');
        if (state.Hardening is not null)
        {
            foreach (var line in HardeningRenderer.JailGroupSettings(state.Hardening))
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }

        AppendJail(text, profile, readOnly: false);
        return text.ToString();
    }

    private static HardeningContext HardeningContextFor(HostProfile profile) =>
        new(profile.AdminGroup, profile.JailGroup, profile.AuthorizedKeysDir,
            profile.SshdVersion ?? throw new InputRejectedException("sshd version", "The running sshd's version is unknown, so the hardening lines cannot be rendered safely."));

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
