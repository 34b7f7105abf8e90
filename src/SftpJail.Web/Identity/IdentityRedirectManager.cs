using Microsoft.AspNetCore.Components;

namespace SftpJail.Web.Identity;

/// <summary>Redirects from static SSR handlers; only to local URLs (no open redirect through returnUrl).</summary>
public sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    /// <summary>Goes to <paramref name="uri"/> when it is a path on this panel; anything else (absolute, scheme, //host, \, control characters, malformed) goes to the start page.</summary>
    public void RedirectTo(string? uri) => navigationManager.NavigateTo(IsLocal(uri) ? uri! : "");

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        navigationManager.NavigateTo(navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters));
    }

    /// <summary>
    /// A path browsers resolve on this origin: "/x" or "x" (relative to the base), without a scheme, a host, a backslash
    /// (browsers read "\" as "/") or any control or white-space character (stripped by browsers, so "/\t/evil" is "//evil").
    /// </summary>
    public static bool IsLocal(string? uri)
    {
        if (string.IsNullOrEmpty(uri) || uri.Length > 2048 || uri.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\'))
        {
            return false;
        }

        if (uri.StartsWith("//", StringComparison.Ordinal) || !Uri.IsWellFormedUriString(uri, UriKind.Relative))
        {
            return false;
        }

        // A colon before the first slash, '?' or '#' is a scheme ("javascript:", "http:evil"), not a path.
        var end = uri.IndexOfAny(['/', '?', '#']);
        return !(end < 0 ? uri : uri[..end]).Contains(':', StringComparison.Ordinal);
    }
}
