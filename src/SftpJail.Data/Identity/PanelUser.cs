using Microsoft.AspNetCore.Identity;

namespace SftpJail.Data.Identity;

/// <summary>An account of the web panel (Admin, Staff or Customer role). Not a system or SFTP account.</summary>
public sealed class PanelUser : IdentityUser
{
    [PersonalData]
    public string? DisplayName { get; set; }
}
