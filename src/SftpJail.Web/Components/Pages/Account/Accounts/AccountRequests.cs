namespace SftpJail.Web.Components.Pages.Account.Accounts;

/// <summary>What the create dialog hands back; <see cref="Password"/> null means "generate one".</summary>
public sealed record CreateAccountRequest(string Email, string Role, string? Password, bool MustChangePassword);

/// <summary>What the password reset dialog hands back; <see cref="Password"/> null means "generate one".</summary>
public sealed record PasswordResetRequest(string? Password, bool MustChangePassword);
