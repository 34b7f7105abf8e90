namespace SftpJail.Data.Entities;

/// <summary>One public key of an account, kept as the normalised authorized_keys line the parser produced.</summary>
public sealed class AuthorizedKey
{
    public int Id { get; set; }

    public int AccountId { get; set; }

    public SftpAccount? Account { get; set; }

    public required string Algorithm { get; set; }

    /// <summary>"SHA256:..." as ssh-keygen -lf prints it.</summary>
    public required string Fingerprint { get; set; }

    public required string Comment { get; set; }

    public required string Line { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}
