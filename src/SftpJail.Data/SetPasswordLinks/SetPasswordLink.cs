using SftpJail.Data.Entities;

namespace SftpJail.Data.SetPasswordLinks;

/// <summary>
/// A one-time link a customer opens to choose their own SFTP password, so no password passes through staff. Only the
/// SHA-256 of its token is stored; the token itself is shown once, to whoever made the link.
/// </summary>
public sealed class SetPasswordLink
{
    public int Id { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token's 32 random bytes (<see cref="SetPasswordLinkToken"/>).</summary>
    public required string TokenHash { get; set; }

    /// <summary>The SFTP user (and through it the site) whose password the link sets; removing the user removes its links.</summary>
    public int SftpAccountId { get; set; }

    public SftpAccount? Account { get; set; }

    /// <summary>The audit actor who made it ("panel:staff@example.com", "cli:root").</summary>
    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When a password was set with it; a used link never works again.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>When it was withdrawn: by hand, or because a newer link was made for the same user.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
