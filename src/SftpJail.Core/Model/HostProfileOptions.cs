using SftpJail.Core.Values;

namespace SftpJail.Core.Model;

/// <summary>
/// The "Host" configuration section as plain strings; <see cref="ToProfile"/> validates it into a <see cref="HostProfile"/>.
/// Unset values take the distribution's defaults.
/// </summary>
public sealed class HostProfileOptions
{
    public const string Section = "Host";

    /// <summary>"Debian" (also Ubuntu) or "Rhel" (also Rocky, Alma).</summary>
    public string Family { get; set; } = "Debian";

    public string? JailGroup { get; set; }

    public string? WebGroup { get; set; }

    /// <summary>Members cannot log in at all (default: the jail group's name + "-disabled").</summary>
    public string? DisabledGroup { get; set; }

    /// <summary>Members get read-only SFTP (default: the jail group's name + "-ro").</summary>
    public string? ReadOnlyGroup { get; set; }

    /// <summary>Members are refused password login (default: the jail group's name + "-keyonly").</summary>
    public string? KeyOnlyGroup { get; set; }

    /// <summary>Administrators' group: "sudo" on Debian, "wheel" on RHEL.</summary>
    public string? AdminGroup { get; set; }

    public string? JailRoot { get; set; }

    public string? AuthorizedKeysDir { get; set; }

    public string? SshdMainConfigPath { get; set; }

    public string? SshdDropInPath { get; set; }

    /// <summary>The read-only and key-only blocks the drop-in includes (default: next to it, <c>50-sftpjail.traits</c>).</summary>
    public string? SshdTraitsPath { get; set; }

    public string? NologinShell { get; set; }

    public string? SshdBinary { get; set; }

    public string? StateDir { get; set; }

    /// <summary>"System" or "Dedicated".</summary>
    public string SshdMode { get; set; } = "System";

    public string ListenAddress { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 22;

    public string? SshdServiceName { get; set; }

    public string SftpLogLevel { get; set; } = "INFO";

    public string SftpUmask { get; set; } = "0027";

    public List<string> Ciphers { get; set; } = [];

    /// <summary>The lowest and highest uid/gid for SftpJail's accounts and site groups; both unset: login.defs' range.</summary>
    public long? AccountIdMin { get; set; }

    public long? AccountIdMax { get; set; }

    public HostProfile ToProfile()
    {
        var family = Enum.TryParse<DistroFamily>(Family, ignoreCase: true, out var f) && Enum.IsDefined(f)
            ? f
            : throw new InputRejectedException("Host:Family", $"'{Family}' is not Debian or Rhel.");
        var mode = Enum.TryParse<SshdMode>(SshdMode, ignoreCase: true, out var m) && Enum.IsDefined(m)
            ? m
            : throw new InputRejectedException("Host:SshdMode", $"'{SshdMode}' is not System or Dedicated.");
        var stateDir = AbsolutePath.Parse(StateDir ?? "/var/lib/sftpjail", "Host:StateDir");
        var dedicatedDir = stateDir.Combine("sshd");
        var mainConfig = SshdMainConfigPath ?? (mode == Model.SshdMode.Dedicated ? dedicatedDir.Combine("sshd_config").Value : "/etc/ssh/sshd_config");
        var dropIn = SshdDropInPath ?? (mode == Model.SshdMode.Dedicated
            ? dedicatedDir.Combine("sshd_config.d").Combine("50-sftpjail.conf").Value
            : "/etc/ssh/sshd_config.d/50-sftpjail.conf");

        var jailGroup = LinuxGroupName.Parse(JailGroup ?? "sftpjail", "Host:JailGroup");
        var profile = new HostProfile
        {
            Family = family,
            JailGroup = jailGroup,
            DisabledGroup = TraitGroup(DisabledGroup, jailGroup, "-disabled", "Host:DisabledGroup"),
            ReadOnlyGroup = TraitGroup(ReadOnlyGroup, jailGroup, "-ro", "Host:ReadOnlyGroup"),
            KeyOnlyGroup = TraitGroup(KeyOnlyGroup, jailGroup, "-keyonly", "Host:KeyOnlyGroup"),
            WebGroup = LinuxGroupName.Parse(WebGroup ?? (family == DistroFamily.Debian ? "www-data" : "apache"), "Host:WebGroup"),
            AdminGroup = LinuxGroupName.Parse(AdminGroup ?? (family == DistroFamily.Debian ? "sudo" : "wheel"), "Host:AdminGroup"),
            JailRoot = AbsolutePath.Parse(JailRoot ?? "/var/www/sub-domains", "Host:JailRoot"),
            AuthorizedKeysDir = AbsolutePath.Parse(AuthorizedKeysDir ?? "/etc/sftpjail/authorized_keys", "Host:AuthorizedKeysDir"),
            SshdMainConfigPath = AbsolutePath.Parse(mainConfig, "Host:SshdMainConfigPath"),
            SshdDropInPath = AbsolutePath.Parse(dropIn, "Host:SshdDropInPath"),
            NologinShell = AbsolutePath.Parse(NologinShell ?? (family == DistroFamily.Debian ? "/usr/sbin/nologin" : "/sbin/nologin"), "Host:NologinShell"),
            SshdBinary = AbsolutePath.Parse(SshdBinary ?? "/usr/sbin/sshd", "Host:SshdBinary"),
            StateDir = stateDir,
            Mode = mode,
            Listen = SshdListen.Parse(ListenAddress, Port),
            SshdServiceName = SshdServiceName ?? (family == DistroFamily.Debian ? "ssh" : "sshd"),
            Sftp = SftpOptions.Parse(SftpLogLevel, SftpUmask),
            Ciphers = Ciphers.Select(c => SshdToken.Parse(c, "Host:Ciphers")).ToList(),
            AccountIds = AccountIdRange.Parse(AccountIdMin, AccountIdMax, "Host:AccountIdMin"),
        };

        if (profile.SshdServiceName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '@' or '.')))
        {
            throw new InputRejectedException("Host:SshdServiceName", $"'{profile.SshdServiceName}' is not a systemd unit name.");
        }

        if (SshdTraitsPath is not null)
        {
            profile = profile with { SshdTraitsPath = AbsolutePath.Parse(SshdTraitsPath, "Host:SshdTraitsPath") };
        }

        RefuseTraitsPath(profile);
        if (profile.AdminGroup == profile.JailGroup || profile.AdminGroup == profile.WebGroup)
        {
            throw new InputRejectedException("Host:AdminGroup", $"'{profile.AdminGroup}' is also the jail or web group; admins need a group of their own.");
        }

        LinuxGroupName[] groups = [profile.JailGroup, profile.WebGroup, profile.AdminGroup, .. profile.TraitGroups];
        if (groups.Distinct().Count() != groups.Length)
        {
            throw new InputRejectedException("Host:DisabledGroup", "The jail, web, admin, disabled, read-only and key-only groups must be six different groups.");
        }

        // The same table and rule the planner uses: no role on a system directory (/, /etc, /tmp, ...), and no
        // directory with two roles, which would be applied back and forth.
        if (Planning.DirectoryRoles.FindConflict(Planning.DirectoryRoles.For(profile)) is { } conflict)
        {
            throw new InputRejectedException(conflict.First.Field, conflict.Message);
        }

        return profile;
    }

    /// <summary>
    /// In the drop-in's directory (the executor's confinement root and directory role for sshd files), and never a *.conf
    /// that an Include of the whole directory would load globally, outside the Match block that must contain it. (The
    /// Include globs its argument; AbsolutePath already refuses every glob character.)
    /// </summary>
    private static void RefuseTraitsPath(HostProfile profile)
    {
        var traits = profile.SshdTraitsPath;
        var problem = traits.Value.EndsWith(".conf", StringComparison.Ordinal) ? "ends in .conf (an Include of *.conf would load it outside its Match block)"
            : traits.Parent != profile.SshdDropInPath.Parent ? $"is not in the drop-in's directory {profile.SshdDropInPath.Parent}"
            : traits == profile.SshdDropInPath || traits == profile.SshdMainConfigPath ? "is the drop-in or the main config"
            : null;
        if (problem is not null)
        {
            throw new InputRejectedException("Host:SshdTraitsPath", $"'{traits}' {problem}.");
        }
    }

    private static LinuxGroupName TraitGroup(string? configured, LinuxGroupName jailGroup, string suffix, string field) =>
        configured is not null ? LinuxGroupName.Parse(configured, field)
        : LinuxGroupName.TryParse(jailGroup.Value + suffix, out var derived, out _) ? derived
        : throw new InputRejectedException(field, $"'{jailGroup.Value}{suffix}' is too long for a group name; set {field}.");
}
