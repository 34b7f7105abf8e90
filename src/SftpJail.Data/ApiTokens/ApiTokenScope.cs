namespace SftpJail.Data.ApiTokens;

/// <summary>
/// The panel role a token acts in. The names are the panel's role names (SftpJail.Web's PanelRoles); the numbers rank
/// them, so "a token never exceeds its owner's role" is one comparison.
/// </summary>
public enum ApiTokenScope
{
    Customer = 1,
    Staff = 2,
    Admin = 3,
}

public static class ApiTokenScopes
{
    /// <summary>The highest scope any of <paramref name="roles"/> grants; null when none is a panel role.</summary>
    public static ApiTokenScope? Highest(IEnumerable<string> roles) =>
        roles.Select(r => Enum.TryParse<ApiTokenScope>(r, ignoreCase: false, out var scope) && Enum.IsDefined(scope) ? scope : (ApiTokenScope?)null)
            .Where(s => s is not null)
            .Max();

    public static bool TryParse(string? text, out ApiTokenScope scope) =>
        Enum.TryParse(text, ignoreCase: true, out scope) && Enum.IsDefined(scope) && !int.TryParse(text, out _);
}
