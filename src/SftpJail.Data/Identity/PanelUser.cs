using Microsoft.AspNetCore.Identity;

namespace SftpJail.Data.Identity;

/// <summary>An account of the web panel (Admin, Staff or Customer role). Not a system or SFTP account.</summary>
public sealed class PanelUser : IdentityUser
{
    [PersonalData]
    public string? DisplayName { get; set; }

    /// <summary>Set by an Admin (or on creation): after signing in the account can only change its password.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>
    /// When the account was made (UTC); null for accounts older than this column. A <see cref="DateTime"/>, not a
    /// DateTimeOffset, so SQLite can sort by it. Every path that creates an account gets it from this initializer.
    /// </summary>
    public DateTime? CreatedUtc { get; set; } = DateTime.UtcNow;
}
