using SftpJail.Core.Values;

namespace SftpJail.Core.Model;

public enum DistroFamily
{
    Debian,
    Rhel,
}

public enum SshdMode
{
    /// <summary>Reload the host's own sshd service after each change.</summary>
    System,

    /// <summary>Run SftpJail's own sshd with its own config, host keys and port.</summary>
    Dedicated,
}

/// <summary>Everything host-specific the renderers and the executor need, already validated.</summary>
public sealed record HostProfile
{
    public required DistroFamily Family { get; init; }

    /// <summary>Members of this group are jailed; it is also how the executor recognises the accounts it manages.</summary>
    public required LinuxGroupName JailGroup { get; init; }

    /// <summary>
    /// Members are refused by sshd (<c>DenyGroups</c>) before any authentication: disabled users and every user of a
    /// disabled site. sshd reads memberships at each login, so disabling needs no reload.
    /// </summary>
    public required LinuxGroupName DisabledGroup { get; init; }

    /// <summary>Members run internal-sftp with <c>-R</c> (read-only).</summary>
    public required LinuxGroupName ReadOnlyGroup { get; init; }

    /// <summary>Members are refused password and keyboard-interactive login (key only).</summary>
    public required LinuxGroupName KeyOnlyGroup { get; init; }

    /// <summary>The group the web server reads site files as (www-data, apache).</summary>
    public required LinuxGroupName WebGroup { get; init; }

    public required AbsolutePath JailRoot { get; init; }

    /// <summary>Root-owned directory outside every chroot holding one authorized_keys file per jailed user.</summary>
    public required AbsolutePath AuthorizedKeysDir { get; init; }

    public required AbsolutePath SshdMainConfigPath { get; init; }

    public required AbsolutePath SshdDropInPath { get; init; }

    /// <summary>
    /// The read-only and key-only blocks, included from the drop-in's <c>Match Group</c> of those groups (default: the
    /// drop-in's name with <c>.traits</c> for <c>.conf</c>, in its directory). Never <c>*.conf</c>: the distribution's
    /// <c>Include sshd_config.d/*.conf</c> would load it outside that block.
    /// </summary>
    public AbsolutePath SshdTraitsPath
    {
        get => sshdTraitsPath ?? SshdDropInPath.Parent!.Combine((SshdDropInPath.Name.EndsWith(".conf", StringComparison.Ordinal) ? SshdDropInPath.Name[..^5] : SshdDropInPath.Name) + ".traits");
        init => sshdTraitsPath = value;
    }

    private readonly AbsolutePath? sshdTraitsPath;

    public required AbsolutePath NologinShell { get; init; }

    public required AbsolutePath SshdBinary { get; init; }

    /// <summary>Executor state: the manifest of what it created, backups, and (dedicated mode) the sshd files.</summary>
    public required AbsolutePath StateDir { get; init; }

    public required SshdMode Mode { get; init; }

    public required SshdListen Listen { get; init; }

    /// <summary>The systemd unit reloaded in system mode ("ssh" on Debian, "sshd" on RHEL).</summary>
    public required string SshdServiceName { get; init; }

    public required SftpOptions Sftp { get; init; }

    /// <summary>Administrators' group (sudo on Debian, wheel on RHEL): admin accounts are created in it and the hardening profile's AllowGroups admits it.</summary>
    public LinuxGroupName AdminGroup { get; init; } = LinuxGroupName.Parse("sudo");

    /// <summary>The running OpenSSH release, read by the executor from <c>sshd -V</c>; renderers emit only what it understands. Null until known.</summary>
    public Hardening.SshdVersion? SshdVersion { get; init; }

    /// <summary>Optional global cipher list for the drop-in; empty keeps OpenSSH's defaults.</summary>
    public IReadOnlyList<SshdToken> Ciphers { get; init; } = [];

    /// <summary>The uids/gids of the accounts and site groups SftpJail creates; null: login.defs' UID_MIN..UID_MAX and GID_MIN..GID_MAX.</summary>
    public AccountIdRange? AccountIds { get; init; }

    /// <summary>The groups whose membership is a jailed user's trait; SftpJail creates them and sets each user's membership.</summary>
    public IReadOnlyList<LinuxGroupName> TraitGroups => [DisabledGroup, ReadOnlyGroup, KeyOnlyGroup];

    public AbsolutePath ChrootFor(SiteDomain domain) => JailRoot.Combine(domain.Reverse);

    public AbsolutePath UploadDirFor(SiteDomain domain) => ChrootFor(domain).Combine("html");

    public AbsolutePath AuthorizedKeysFileFor(LinuxUserName user) => AuthorizedKeysDir.Combine(user.Value);

    public AbsolutePath ManifestPath => StateDir.Combine("manifest.json");

    public AbsolutePath ArchiveDir => StateDir.Combine("archive");
}
