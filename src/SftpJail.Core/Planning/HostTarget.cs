using SftpJail.Core.Model;
using SftpJail.Core.Values;

namespace SftpJail.Core.Planning;

/// <summary>Which checker must accept a file before its daemon reloads.</summary>
public enum FileRole
{
    SshdConfig,
    AuthorizedKeys,
    WebServerConfig,
    SitePlaceholder,
}

/// <summary>A file SftpJail owns entirely (written whole, atomically).</summary>
public sealed record ManagedFile(AbsolutePath Path, string Content, FileRole Role, string Owner = "root", string Group = "root", int Mode = 0b110_100_100)
{
    /// <summary>Written only when absent (never overwrites a customer's own file).</summary>
    public bool CreateOnly { get; init; }

    /// <summary>What the file is for, in words that name its setting or owner (for refusals).</summary>
    public string Purpose { get; init; } = Role.ToString();
}

/// <summary>A directory with the owner and mode it must have. <see cref="MustBeRootOwnedChain"/>: every parent up to "/" too (sshd's chroot rule).</summary>
public sealed record DirectoryTarget(AbsolutePath Path, string Owner, string Group, int Mode, bool MustBeRootOwnedChain = false)
{
    /// <summary>What the directory is for, in words that name its setting or site (for refusals).</summary>
    public string Purpose { get; init; } = "a directory";

    /// <summary>The ACL it must carry as well (the web server's read access to a site's html/); null: none is managed.</summary>
    public DirectoryAcl? Acl { get; init; }
}

public sealed record JailUserTarget(LinuxUserName Name, SiteDomain Site, AbsolutePath Home, AbsolutePath Shell, IReadOnlyList<LinuxGroupName> Groups, bool Expired);

/// <summary>Everything the host must look like for a desired state, rendered by Core and compared by the planner.</summary>
public sealed record HostTarget(
    IReadOnlyList<LinuxGroupName> Groups,
    IReadOnlyList<DirectoryTarget> BaseDirectories,
    IReadOnlyList<JailUserTarget> Users,
    IReadOnlyList<DirectoryTarget> SiteDirectories,
    IReadOnlyList<ManagedFile> Files,
    IReadOnlyList<SiteDomain> Sites)
{
    /// <summary>One group per site, holding that site's users; made with an ordinary gid (there may be thousands).</summary>
    public IReadOnlyList<SiteGroupTarget> SiteGroups { get; init; } = [];
}
