using System.ComponentModel.DataAnnotations;

namespace SftpJail.Data.Services;

/// <summary>
/// The one check of a typed e-mail address wherever a panel login is made or found from one (add customer, the site
/// page, accounts, import). <see cref="EmailAddressAttribute"/> alone only looks for one '@' not at either end and lets
/// tabs, blanks and control characters through, which would reach the audit and the address book as they are.
/// The address is also the login's Identity user name, so only the characters Identity's default user-name rule takes
/// are accepted (otherwise a previewed import row fails at account creation). Exports neutralise formula cells
/// themselves (AuditCsv.Cell): an address may start with '+' or '-'.
/// </summary>
public static class EmailRule
{
    public const int MaxLength = 256;

    private static readonly EmailAddressAttribute Attribute = new();

    // Identity's default UserOptions.AllowedUserNameCharacters.
    private const string AllowedCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";

    /// <summary>Whether <paramref name="email"/> (already trimmed by the caller) is usable as a login's address.</summary>
    public static bool IsValid(string email) =>
        email.Length is > 0 and <= MaxLength
        && email.All(c => AllowedCharacters.Contains(c, StringComparison.Ordinal))
        && Attribute.IsValid(email);
}
