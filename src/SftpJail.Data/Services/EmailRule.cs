using System.ComponentModel.DataAnnotations;

namespace SftpJail.Data.Services;

/// <summary>
/// The one check of a typed e-mail address wherever a panel login is made or found from one (add customer, the site
/// page, accounts, import). <see cref="EmailAddressAttribute"/> alone only looks for one '@' not at either end and lets
/// tabs, blanks and control characters through, which would reach the audit and the address book as they are.
/// </summary>
public static class EmailRule
{
    public const int MaxLength = 256;

    private static readonly EmailAddressAttribute Attribute = new();

    /// <summary>Whether <paramref name="email"/> (already trimmed by the caller) is usable as a login's address.</summary>
    public static bool IsValid(string email) =>
        email.Length is > 0 and <= MaxLength
        && !email.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
        && Attribute.IsValid(email);
}
