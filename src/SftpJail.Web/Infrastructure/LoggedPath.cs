namespace SftpJail.Web.Infrastructure;

/// <summary>
/// A request path as it may go into the log. A set-password link's path is its secret (the token works until it is
/// used), and a link whose page failed is still unused, so the token is left out.
/// </summary>
public static class LoggedPath
{
    private const string SetPasswordPrefix = "/set-password/";

    public static string Of(string? path) =>
        path is not null && path.StartsWith(SetPasswordPrefix, StringComparison.OrdinalIgnoreCase) && path.Length > SetPasswordPrefix.Length
            ? path[..SetPasswordPrefix.Length] + "(token)"
            : path ?? string.Empty;
}
