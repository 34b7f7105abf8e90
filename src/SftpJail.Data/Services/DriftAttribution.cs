using SftpJail.Core.Contract;
using SftpJail.Core.Planning;

namespace SftpJail.Data.Services;

/// <summary>
/// Decides which sites a drift step concerns from its target: a path segment or word equal to the site's domain, its
/// reversed directory name (com.site1), one of its user names, or the domain plus a file extension (site1.com.conf).
/// Whole tokens only, so "site1.com" never matches "a.site1.com" or "com.site1.foo". A site's own group step names its
/// site in the planner's wording (<see cref="SiteGroupSteps.SiteOf"/>); its group name alone would not.
/// The sites are indexed once by those tokens, so each step costs its own tokens, not the number of sites: asking for
/// every step of a 10,000-site plan one by one is linear, where comparing every site with every step was quadratic.
/// </summary>
public sealed class DriftAttribution
{
    private static readonly char[] Separators = ['/', ' ', ':', ',', '\t', '=', '\'', '"'];

    /// <summary>The domains each token names: its own domain, its reversed directory name, its users' names.</summary>
    private readonly Dictionary<string, List<string>> owners = new(StringComparer.Ordinal);

    private readonly HashSet<string> domains = new(StringComparer.Ordinal);

    public DriftAttribution(DesiredStateDto state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var site in state.Sites)
        {
            domains.Add(site.Domain);
            Own(site.Domain, site.Domain);
            Own(string.Join('.', site.Domain.Split('.').Reverse()), site.Domain);
            foreach (var user in site.Users)
            {
                Own(user.Name, site.Domain);
            }
        }
    }

    public static IReadOnlySet<string> AffectedDomains(DesiredStateDto state, IEnumerable<PlanStep> drift) =>
        new DriftAttribution(state).DomainsOf(drift);

    /// <summary>
    /// How many of <paramref name="steps"/> concern each site alone, and the steps shared by several sites or by none
    /// (groups, the sshd drop-in, reloads). The sites are read once, whatever the number of steps.
    /// </summary>
    public static (IReadOnlyDictionary<string, int> StepsPerSite, IReadOnlyList<PlanStep> Shared) SplitBySite(DesiredStateDto state, IEnumerable<PlanStep> steps)
    {
        var attribution = new DriftAttribution(state);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var shared = new List<PlanStep>();
        foreach (var step in steps)
        {
            var concerned = attribution.DomainsOf([step]);
            if (concerned.Count == 1)
            {
                var domain = concerned.First();
                counts[domain] = counts.GetValueOrDefault(domain) + 1;
            }
            else
            {
                shared.Add(step);
            }
        }

        return (counts, shared);
    }

    /// <summary>The sites that <paramref name="steps"/> together concern.</summary>
    public IReadOnlySet<string> DomainsOf(IEnumerable<PlanStep> steps)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (SiteGroupSteps.SiteOf(step) is { } groupSite)
            {
                if (domains.Contains(groupSite))
                {
                    affected.Add(groupSite);
                }

                continue;
            }

            foreach (var token in step.Target.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            {
                if (owners.TryGetValue(token, out var named))
                {
                    affected.UnionWith(named);
                }

                // A domain file (site1.com.conf): the token less its last extension is the domain itself.
                var dot = token.LastIndexOf('.');
                if (dot > 0 && dot < token.Length - 1 && domains.Contains(token[..dot]))
                {
                    affected.Add(token[..dot]);
                }
            }
        }

        return affected;
    }

    private void Own(string token, string domain)
    {
        if (!owners.TryGetValue(token, out var named))
        {
            owners[token] = named = [];
        }

        named.Add(domain);
    }
}
