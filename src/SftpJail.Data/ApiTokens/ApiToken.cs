using SftpJail.Data.Identity;

namespace SftpJail.Data.ApiTokens;

/// <summary>
/// A personal access token for the REST API. Only the SHA-256 of its secret is stored; the token itself is shown once
/// when it is made. It acts as <see cref="Owner"/> with at most <see cref="Scope"/>, and never more than the owner's role.
/// </summary>
public sealed class ApiToken
{
    public int Id { get; set; }

    /// <summary>The public, random part of the token (<see cref="ApiTokenSecret"/>): finds the row without a secret comparison in SQL.</summary>
    public required string KeyId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the secret part.</summary>
    public required string SecretHash { get; set; }

    /// <summary>What the token is for, as its creator named it.</summary>
    public required string Name { get; set; }

    public ApiTokenScope Scope { get; set; }

    public required string OwnerId { get; set; }

    public PanelUser? Owner { get; set; }

    /// <summary>The audit actor who made it ("panel:admin@example.com").</summary>
    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
