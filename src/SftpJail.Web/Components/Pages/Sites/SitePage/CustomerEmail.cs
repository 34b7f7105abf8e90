using SftpJail.Data.Services;

namespace SftpJail.Web.Components.Pages.Sites.SitePage;

/// <summary>The customer-login dialog's check of a typed e-mail address, as the add-customer form makes it.</summary>
public static class CustomerEmail
{
    public const int MaxLength = EmailRule.MaxLength;

    /// <summary>Null for a usable address (blanks around it ignored); otherwise why not.</summary>
    public static string? Problem(string? email)
    {
        var trimmed = email?.Trim() ?? "";
        return trimmed.Length == 0 ? "Enter the customer's e-mail address."
            : !EmailRule.IsValid(trimmed) ? "This is not an e-mail address."
            : null;
    }
}
