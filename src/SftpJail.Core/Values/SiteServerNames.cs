namespace SftpJail.Core.Values;

/// <summary>
/// The host names a site's vhost answers for: its domain and the www. alias (nginx <c>server_name</c>, Apache
/// <c>ServerName</c> + <c>ServerAlias</c>). Two sites whose names overlap cannot both be served: nginx keeps the first
/// and logs "conflicting server name … ignored", Apache silently picks one. So a new site may not share a name.
/// </summary>
public static class SiteServerNames
{
    public const string AliasPrefix = "www.";

    /// <summary>The names the site's vhost is rendered with, in that order.</summary>
    public static IReadOnlyList<string> Of(SiteDomain domain) => [domain.Value, Alias(domain)];

    public static string Alias(SiteDomain domain) => AliasPrefix + domain.Value;

    /// <summary>
    /// The only other site domains that would share a name with <paramref name="domain"/> (besides the domain itself):
    /// its www. alias as a site, and, for <c>www.x</c>, the site <c>x</c> whose alias it is.
    /// </summary>
    public static IReadOnlyList<string> Neighbours(SiteDomain domain) =>
        AliasOwner(domain) is { } owner ? [Alias(domain), owner.Value] : [Alias(domain)];

    /// <summary>The site whose www. alias <paramref name="domain"/> is: <c>x</c> for <c>www.x</c>, when x is itself a site name.</summary>
    public static SiteDomain? AliasOwner(SiteDomain domain) =>
        domain.Value.StartsWith(AliasPrefix, StringComparison.Ordinal)
        && SiteDomain.TryParse(domain.Value[AliasPrefix.Length..], out var owner, out _)
            ? owner
            : null;

    /// <summary>Why <paramref name="candidate"/> cannot be added next to the site <paramref name="existing"/>; null when they share no name.</summary>
    public static string? Clash(SiteDomain candidate, SiteDomain existing)
    {
        if (candidate.Value == existing.Value)
        {
            return $"The site {existing} already exists.";
        }

        if (candidate.Value == Alias(existing))
        {
            return $"{candidate} is already served by the site {existing} (every site answers for its www. name).";
        }

        return Alias(candidate) == existing.Value
            ? $"{candidate} would also answer for {existing}, which is already a site of its own."
            : null;
    }
}
