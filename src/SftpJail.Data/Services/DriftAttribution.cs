using SftpJail.Core.Contract;
using SftpJail.Core.Planning;

namespace SftpJail.Data.Services;

/// <summary>
/// Decides which sites a drift step concerns from its target: a path segment or word equal to the site's domain, its
/// reversed directory name (com.site1), one of its user names, or the domain plus a file extension (site1.com.conf).
/// Whole tokens only, so "site1.com" never matches "a.site1.com" or "com.site1.foo".
/// </summary>
public static class DriftAttribution
{
    private static readonly char[] Separators = ['/', ' ', ':', ',', '\t', '=', '\'', '"'];

    public static IReadOnlySet<string> AffectedDomains(DesiredStateDto state, IEnumerable<PlanStep> drift)
    {
        var tokens = drift.SelectMany(step => step.Target.Split(Separators, StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in state.Sites)
        {
            var reverse = string.Join('.', site.Domain.Split('.').Reverse());
            var concerned = tokens.Contains(site.Domain)
                || tokens.Contains(reverse)
                || site.Users.Any(user => tokens.Contains(user.Name))
                || tokens.Any(token => IsDomainFile(token, site.Domain));
            if (concerned)
            {
                affected.Add(site.Domain);
            }
        }

        return affected;
    }

    private static bool IsDomainFile(string token, string domain) =>
        token.Length > domain.Length + 1
        && token.StartsWith(domain + ".", StringComparison.Ordinal)
        && !token.AsSpan(domain.Length + 1).Contains('.');
}
