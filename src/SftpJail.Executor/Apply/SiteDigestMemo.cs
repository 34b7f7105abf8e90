using System.Text;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;

namespace SftpJail.Executor.Apply;

/// <summary>A site's slice of the host target and its digest (<see cref="SiteSlice.Digest"/>), for every wanted site.</summary>
internal sealed record SiteDigests(IReadOnlyDictionary<string, SiteSlice> Slices, IReadOnlyDictionary<string, string> Digests);

/// <summary>
/// The executor's memory, between applies, of each site's slice and digest (vhost included), so a change to one
/// site at 10,000 slices, renders and hashes one site. A site's slice and vhost are rendered from its parsed spec
/// (after disk limits) and the host profile alone, so an entry is reused only while its site's <see cref="KeyOf"/>
/// and the whole render profile are equal to those it was computed from; any other profile forgets every entry.
/// Only ever a shortcut: the consistency check still reads every trusted path from the host.
/// </summary>
internal sealed class SiteDigestMemo
{
    private volatile Generation? current;

    /// <summary>How many sites the last call sliced and digested afresh (test seam).</summary>
    public int LastComputed { get; private set; }

    /// <param name="extra">What else is rendered for a site (its vhost), folded into its digest; a function of the site and profile only.</param>
    public SiteDigests Of(DesiredState desired, HostTarget target, HostProfile profile, Func<SiteSpec, string?> extra)
    {
        var keys = new Dictionary<string, string>(desired.Sites.Count, StringComparer.Ordinal);
        foreach (var site in desired.Sites)
        {
            if (!keys.TryAdd(site.Domain.Value, KeyOf(site)))
            {
                // Two specs for one domain (refused later by the planner): nothing to remember them by.
                LastComputed = desired.Sites.Count;
                return Fresh(desired, target, profile, extra, null);
            }
        }

        var was = current is { } known && known.Profile.Equals(profile) ? known.Sites : null;
        var missing = keys.Where(k => was is null || !was.TryGetValue(k.Key, out var kept) || kept.Key != k.Value)
            .Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var fresh = missing.Count == 0 ? new SiteDigests(new Dictionary<string, SiteSlice>(), new Dictionary<string, string>()) : Fresh(desired, target, profile, extra, missing);
        var sites = new Dictionary<string, Entry>(keys.Count, StringComparer.Ordinal);
        foreach (var (domain, key) in keys)
        {
            sites[domain] = missing.Contains(domain) ? new Entry(key, fresh.Slices[domain], fresh.Digests[domain]) : was![domain];
        }

        current = new Generation(profile, sites);
        LastComputed = missing.Count;
        return new SiteDigests(
            sites.ToDictionary(s => s.Key, s => s.Value.Slice, StringComparer.Ordinal),
            sites.ToDictionary(s => s.Key, s => s.Value.Digest, StringComparer.Ordinal));
    }

    public void Forget() => current = null;

    /// <summary>Everything of a site its slice and vhost are rendered from (names, traits, keys cannot hold a newline).</summary>
    public static string KeyOf(SiteSpec site)
    {
        var text = new StringBuilder().Append(site.Domain.Value).Append('\n').Append(site.Enabled).Append('\n').Append(site.DiskLimit?.Mebibytes).Append('\n');
        foreach (var user in site.Users)
        {
            text.Append(user.Name.Value).Append('\t').Append(user.ReadOnly).Append('\t').Append(user.KeyOnly).Append('\t').Append(user.Disabled).Append('\n');
            foreach (var key in user.Keys)
            {
                text.Append('\t').Append(key.ToAuthorizedKeysLine()).Append('\n');
            }
        }

        return text.ToString();
    }

    private static SiteDigests Fresh(DesiredState desired, HostTarget target, HostProfile profile, Func<SiteSpec, string?> extra, IReadOnlySet<string>? only)
    {
        var slices = SiteSlices.Of(target, profile, only);
        var bySite = desired.Sites.GroupBy(s => s.Domain.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var digests = slices.ToDictionary(s => s.Key, s => s.Value.Digest(bySite.TryGetValue(s.Key, out var site) ? extra(site) : null), StringComparer.Ordinal);
        return new SiteDigests(slices, digests);
    }

    private sealed record Entry(string Key, SiteSlice Slice, string Digest);

    private sealed record Generation(HostProfile Profile, Dictionary<string, Entry> Sites);
}
