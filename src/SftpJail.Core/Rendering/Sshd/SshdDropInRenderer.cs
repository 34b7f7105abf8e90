using System.Text;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;

namespace SftpJail.Core.Rendering.Sshd;

/// <summary>
/// Renders SftpJail's sshd drop-in: a fixed set of blocks whatever the number of customers (sshd parses the whole file
/// on every connection). A jailed user's traits are its memberships of the disabled, read-only and key-only groups,
/// which sshd reads at each login. sshd keeps the FIRST value it obtains for a keyword (sshd_config(5), "Match"), so:
/// the disabled group is refused globally (DenyGroups, before any authentication); the read-only and key-only blocks
/// (<see cref="SshdTraitsRenderer"/>, included) come before the jail group's, whose hardening line turns passwords
/// back on. Each block repeats the whole jail so none is weaker than the jail group's.
/// </summary>
public static class SshdDropInRenderer
{
    public const string Header = "# Managed by SftpJail. Do not edit: this file is rewritten on every apply.";

    /// <summary>internal-sftp requests refused to every jailed user (names from <c>sftp-server -Q requests</c>).</summary>
    public const string RefusedRequests = "symlink,hardlink";

    /// <param name="now">Decides whether the enrolment window is still open (default: the current time).</param>
    public static string Render(DesiredState state, HostProfile profile, DateTimeOffset? now = null)
    {
        // The dedicated sshd serves SFTP only: admin logins, the enrolment window and the key probe belong to the
        // host's own sshd, so nothing here admits the admin group or gives anyone a shell there.
        var hostAccess = profile.Mode == SshdMode.System;
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("# Jailed SFTP accounts are the members of group ").Append(profile.JailGroup.Value).Append(".\n");
        var context = state.Hardening is null && (state.Admins.Count == 0 || !hostAccess) ? null : HardeningContextFor(profile);
        if (state.Hardening is not null)
        {
            // Global lines: before every Match block, and (the drop-in is included first) before the distribution's own.
            text.Append('\n').Append(HardeningRenderer.GlobalComment).Append('\n');
            foreach (var line in HardeningRenderer.Global(state.Hardening, context!, admitAdmins: hostAccess))
            {
                text.Append(line).Append('\n');
            }
        }

        // The hardened crypto policy sets its own Ciphers; sshd would keep the first of two Ciphers lines anyway.
        if (profile.Ciphers.Count > 0 && state.Hardening?.Crypto is null or CryptoPolicy.OpenSshDefaults)
        {
            text.Append('\n').Append("Ciphers ").Append(string.Join(',', profile.Ciphers.Select(c => c.Value))).Append('\n');
        }

        // DenyGroups lines add up like AllowGroups and are checked first, before any key or password is looked at.
        text.Append('\n').Append("# Disabled users and the users of disabled sites: no login at all, by key or password.\n");
        text.Append("DenyGroups ").Append(profile.DisabledGroup.Value).Append('\n');

        var jailSettings = state.Hardening is null ? [] : HardeningRenderer.JailGroupSettings(state.Hardening);
        var withoutPasswordLines = WithoutPasswordLines(jailSettings);

        AppendTraitsBlock(text, profile, withoutPasswordLines);

        if (context is not null && hostAccess)
        {
            // Enrolment before the admin block: the first PasswordAuthentication a matching block sets wins.
            var enrolment = HardeningRenderer.EnrolmentBlock(state.Enrolment, now ?? DateTimeOffset.UtcNow);
            if (enrolment.Length > 0)
            {
                text.Append('\n').Append(enrolment);
            }

            text.Append('\n').Append(HardeningRenderer.AdminBlock(state.Hardening, context));
        }

        if (hostAccess)
        {
            text.Append('\n').Append("Match Group ").Append(profile.JailGroup.Value).Append('\n');
        }
        else
        {
            // Each Match Group line costs sshd a getpwnam and a getgrouplist (a read of the whole /etc/group) per login.
            // The dedicated sshd's main config admits only the jail group (AllowGroups), so "Match all" is the jail group.
            text.Append('\n').Append("# Dedicated SFTP-only sshd: it admits only group ").Append(profile.JailGroup.Value).Append(", so this is that group's block.\n");
            text.Append("Match all\n");
        }

        AppendLines(text, jailSettings);
        AppendJail(text, profile, readOnly: false);
        return text.ToString();
    }

    /// <summary>
    /// The read-only and key-only blocks live in <see cref="HostProfile.SshdTraitsPath"/>, included from one Match line
    /// naming both groups: sshd parses an Include inside a Match that does not match without evaluating its Match lines,
    /// so a customer with neither trait pays one group lookup here, not one per trait block.
    /// sshd silently skips a missing Include and, after it, restores the Match state it had before (servconf.c,
    /// sInclude), so the lines below the Include apply to every member of either group, and only first-value-wins
    /// keeps them from taking effect. Each of them is a keyword the traits file sets for every such member first: the
    /// jail lines in each trait block, and AuthenticationMethods in the file's last block. With the file missing,
    /// empty or cut short, these lines remain: no password (publickey only) and no key (no keys file), so no login at
    /// all, and were a key admitted anyway (an AuthorizedKeysCommand), a read-only jail.
    /// </summary>
    private static void AppendTraitsBlock(StringBuilder text, HostProfile profile, IReadOnlyList<string> withoutPasswordLines)
    {
        text.Append('\n').Append("# Read-only and key-only users: their blocks are in ").Append(profile.SshdTraitsPath.Value).Append(".\n");
        text.Append("Match Group ").Append(profile.ReadOnlyGroup.Value).Append(',').Append(profile.KeyOnlyGroup.Value).Append('\n');
        text.Append("    Include ").Append(profile.SshdTraitsPath.Value).Append('\n');
        text.Append("    # Fail-closed: these lines take effect only where the traits file has not set the keyword first (missing or cut short).\n");
        AppendSetting(text, "AuthenticationMethods", "publickey");
        AppendSetting(text, "AuthorizedKeysFile", "none");
        AppendLines(text, withoutPasswordLines);
        AppendJail(text, profile, readOnly: true, keysFile: false);
    }

    internal static List<string> WithoutPasswordLines(IReadOnlyList<string> jailSettings) =>
        jailSettings.Where(line => !line.StartsWith("PasswordAuthentication ", StringComparison.Ordinal)).ToList();

    private static HardeningContext HardeningContextFor(HostProfile profile) =>
        new(profile.AdminGroup, profile.JailGroup, profile.AuthorizedKeysDir,
            profile.SshdVersion ?? throw new InputRejectedException("sshd version", "The running sshd's version is unknown, so the hardening lines cannot be rendered safely."));

    /// <summary>
    /// sshd hands internal-sftp at most 9 words (session.c splits the command into ARGV_MAX 10 slots, one for NULL) and
    /// silently drops the rest: "… -P symlink,hardlink -R" lost its -R. Hence -R first and -P's list attached.
    /// </summary>
    public const int InternalSftpMaxWords = 9;

    public static string ForceCommand(HostProfile profile, bool readOnly)
    {
        var command = $"internal-sftp{(readOnly ? " -R" : string.Empty)} -l {profile.Sftp.LogLevel} -u {profile.Sftp.Umask} -d /html -P{RefusedRequests}";
        return command.Split(' ').Length <= InternalSftpMaxWords
            ? command
            : throw new InvalidOperationException($"'{command}' has more words than sshd passes to internal-sftp ({InternalSftpMaxWords}).");
    }

    internal static void AppendLines(StringBuilder text, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            text.Append("    ").Append(line).Append('\n');
        }
    }

    internal static void AppendJail(StringBuilder text, HostProfile profile, bool readOnly, bool keysFile = true)
    {
        AppendSetting(text, "ChrootDirectory", "%h");
        AppendSetting(text, "ForceCommand", ForceCommand(profile, readOnly));
        if (keysFile)
        {
            AppendSetting(text, "AuthorizedKeysFile", profile.AuthorizedKeysDir.Value + "/%u");
        }

        AppendSetting(text, "AllowTcpForwarding", "no");
        AppendSetting(text, "AllowAgentForwarding", "no");
        AppendSetting(text, "AllowStreamLocalForwarding", "no");
        AppendSetting(text, "PermitTunnel", "no");
        AppendSetting(text, "X11Forwarding", "no");
        AppendSetting(text, "PermitTTY", "no");
        AppendSetting(text, "PermitUserRC", "no");
    }

    internal static void AppendSetting(StringBuilder text, string keyword, string value) =>
        text.Append("    ").Append(keyword).Append(' ').Append(value).Append('\n');
}
