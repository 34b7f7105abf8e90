namespace SftpJail.Web.Infrastructure;

/// <summary>The "Panel" configuration section: behaviour of the web panel itself.</summary>
public sealed class PanelOptions
{
    public const string Section = "Panel";

    /// <summary>Admin and Staff must set up an authenticator app before they can use the panel.</summary>
    public bool RequireTwoFactorForStaff { get; set; } = true;

    /// <summary>Host name customers connect to with SFTP; empty uses the host name the panel was reached by.</summary>
    public string? SftpHostName { get; set; }

    /// <summary>Issuer shown in authenticator apps.</summary>
    public string TotpIssuer { get; set; } = "SftpJail";
}
