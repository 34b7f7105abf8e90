using Microsoft.Extensions.Configuration;

namespace SftpJail.Data.SetPasswordLinks;

/// <summary>The "SetPasswordLinks" configuration section, read by the panel and the CLI alike.</summary>
public sealed class SetPasswordLinkOptions
{
    public const string Section = "SetPasswordLinks";
    public const int DefaultLifetimeHours = 72;
    public const int MaxLifetimeHours = 720;

    /// <summary>How long a new link works unless its maker says otherwise (1 to <see cref="MaxLifetimeHours"/>).</summary>
    public int LifetimeHours { get; set; } = DefaultLifetimeHours;

    /// <summary>
    /// The panel's public address ("https://panel.example.com/"), which links are built on. Empty: the panel uses the
    /// address it was reached by, and the CLI prints the link's path only.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Requests to the set-password page per minute from one address (the token is unguessable; this keeps scanners slow).</summary>
    public int RequestsPerMinute { get; set; } = 20;

    public static SetPasswordLinkOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SetPasswordLinkOptions>() ?? new SetPasswordLinkOptions();

    /// <summary>The full link for <paramref name="token"/> on <paramref name="baseUrl"/>; null when there is no usable base.</summary>
    public static string? LinkFor(string? baseUrl, string token) =>
        Uri.TryCreate(baseUrl?.Trim(), UriKind.Absolute, out var root) && root.Scheme is "https" or "http"
            ? new Uri(new Uri(root.AbsoluteUri.EndsWith('/') ? root.AbsoluteUri : root.AbsoluteUri + "/"), SetPasswordLinkToken.PathFor(token)).AbsoluteUri
            : null;
}
