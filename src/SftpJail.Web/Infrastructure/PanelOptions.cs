namespace SftpJail.Web.Infrastructure;

/// <summary>The "Panel" configuration section: behaviour of the web panel itself.</summary>
public sealed class PanelOptions
{
    public const string Section = "Panel";

    /// <summary>Admin and Staff must set up an authenticator app before they can use the panel.</summary>
    public bool RequireTwoFactorForStaff { get; set; } = true;

    /// <summary>Host name customers connect to with SFTP; empty uses the host name the panel was reached by.</summary>
    public string? SftpHostName { get; set; }

    /// <summary>
    /// Directory for the data-protection keys that protect cookies and antiforgery tokens. Empty keeps ASP.NET Core's
    /// default, <c>$HOME/.aspnet/DataProtection-Keys</c> of the panel's user; the demo sets <c>Demo:Root/panel/data-protection</c>
    /// so a demo run leaves nothing in root's home.
    /// </summary>
    public string? DataProtectionKeysDir { get; set; }

    /// <summary>Issuer shown in authenticator apps.</summary>
    public string TotpIssuer { get; set; } = "SftpJail";
}
