using SftpJail.Core.Values;

namespace SftpJail.Core.Planning;

public sealed record ObservedDirectory(AbsolutePath Path, bool Exists, bool IsRealDirectory, string? Owner, string? Group, int Mode)
{
    /// <summary>Its ACLs as <see cref="AclText.Render"/> writes them ("" for none); null when they were not read.</summary>
    public string? Acl { get; init; }
}

public sealed record ObservedUser(string Name, string Home, string Shell, IReadOnlyList<string> Groups, bool Expired);

/// <summary>What the executor found on the host, in the terms the planner compares (names, not uids).</summary>
public sealed record HostSnapshot(
    IReadOnlySet<string> ExistingGroups,
    IReadOnlyDictionary<string, ObservedUser> Users,
    IReadOnlyDictionary<string, ObservedDirectory> Directories,
    IReadOnlyDictionary<string, string?> Files,
    IReadOnlyList<AbsolutePath> ExistingAuthorizedKeysFiles,
    ExecutorManifest Manifest)
{
    /// <summary>Who is in each existing site group (supplementary members and accounts whose primary group it is).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GroupMembers { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>What SftpJail created on this host: the only sites and users it will ever archive or delete.</summary>
public sealed record ExecutorManifest(IReadOnlyList<string> Sites, IReadOnlyList<string> Users)
{
    public static ExecutorManifest Empty { get; } = new([], []);
}
