namespace SftpJail.Data.Entities;

/// <summary>A jailed system account. The first-created account of a site (lowest id) is its owner.</summary>
public sealed class SftpAccount
{
    public int Id { get; set; }

    public int SiteId { get; set; }

    public Site? Site { get; set; }

    /// <summary>The <see cref="Core.Values.LinuxUserName"/> value; unique across all sites (it is a host account).</summary>
    public required string UserName { get; set; }

    public bool ReadOnly { get; set; }

    public bool KeyOnly { get; set; }

    public bool Disabled { get; set; }

    /// <summary>Whether a password was ever set. The password itself is never stored here: only the host keeps its hash.</summary>
    public bool HasPassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<AuthorizedKey> Keys { get; } = [];
}
