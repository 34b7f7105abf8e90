using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.AspNetCore.Identity;

namespace SftpJail.Data.Identity;

/// <summary>An account of the web panel (Admin, Staff or Customer role). Not a system or SFTP account.</summary>
public sealed class PanelUser : IdentityUser
{
    [PersonalData]
    public string? DisplayName { get; set; }

    /// <summary>
    /// When an Admin (or the account's creation) required a new password (UTC); null when none is required. Nullable so
    /// the migration adds it without a default, as the model declares it.
    /// </summary>
    public DateTime? PasswordChangeRequiredUtc { get; set; }

    /// <summary>After signing in the account can only change its password (see <see cref="PasswordChangeRequiredUtc"/>).</summary>
    [NotMapped]
    public bool MustChangePassword
    {
        get => PasswordChangeRequiredUtc is not null;
        set => PasswordChangeRequiredUtc = value ? PasswordChangeRequiredUtc ?? DateTime.UtcNow : null;
    }

    /// <summary>
    /// When the account was made (UTC); null for accounts older than this column. A <see cref="DateTime"/>, not a
    /// DateTimeOffset, so SQLite can sort by it. Every path that creates an account gets it from this initializer.
    /// </summary>
    public DateTime? CreatedUtc { get; set; } = DateTime.UtcNow;
}
