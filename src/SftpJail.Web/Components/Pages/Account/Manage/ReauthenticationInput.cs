namespace SftpJail.Web.Components.Pages.Account.Manage;

/// <summary>The current password and authenticator code that changing two-factor sign-in asks for (see <see cref="Identity.AccountReauthentication"/>).</summary>
public sealed class ReauthenticationInput
{
    public string? Password { get; set; }

    public string? Code { get; set; }
}
