using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;

namespace SftpJail.Core.Model;

/// <summary>The whole managed state SftpJail wants on the host. Built only from parsed values.</summary>
public sealed record DesiredState(IReadOnlyList<SiteSpec> Sites)
{
    public static DesiredState Empty { get; } = new([]);

    /// <summary>Host administrators: login accounts in the admin group, keys in SftpJail's root-owned key files.</summary>
    public IReadOnlyList<AdminAccountSpec> Admins { get; init; } = [];

    /// <summary>The SSH lock-down; null renders none of it.</summary>
    public SshHardening? Hardening { get; init; }

    /// <summary>A password-login window for one admin; rendered only while open.</summary>
    public EnrolmentWindow? Enrolment { get; init; }

    public IEnumerable<(SiteSpec Site, JailUserSpec User)> AllUsers =>
        Sites.SelectMany(site => site.Users.Select(user => (site, user)));
}

/// <summary>A site: its chroot and web root. The first user owns <c>html/</c>.</summary>
public sealed record SiteSpec(SiteDomain Domain, bool Enabled, IReadOnlyList<JailUserSpec> Users)
{
    /// <summary>The most its <c>html/</c> may hold; null: no limit. Over it, the executor makes the site's users read-only.</summary>
    public DiskLimit? DiskLimit { get; init; }

    public JailUserSpec? Owner => Users.Count > 0 ? Users[0] : null;
}

/// <summary>A jailed SFTP account.</summary>
/// <param name="KeyOnly">Password login refused even if a password is set.</param>
/// <param name="ReadOnly">internal-sftp runs with -R.</param>
/// <param name="Disabled">No login at all; account kept.</param>
public sealed record JailUserSpec(LinuxUserName Name, bool ReadOnly, bool KeyOnly, bool Disabled, IReadOnlyList<SshPublicKey> Keys);
