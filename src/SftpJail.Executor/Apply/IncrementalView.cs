using System.Runtime.ExceptionServices;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>
/// How much of the host one apply inspects. <see cref="Trusted"/> are the sites it takes as the last apply left them;
/// every other site (new, changed, removed) is inspected and planned as in a full converge. <see cref="Reason"/> says
/// why a converge is full (null for an incremental one).
/// </summary>
internal sealed record ApplyScope(
    IReadOnlyDictionary<string, SiteSlice> Slices,
    IReadOnlyDictionary<string, string> Digests,
    TrustedSlices Trusted,
    AppliedIndex? Previous,
    string? Reason)
{
    public bool IsFull => Reason is not null;

    public IEnumerable<string> Touched => Slices.Keys.Where(site => !Trusted.HasSite(site));

    public override string ToString() => IsFull
        ? $"full converge ({Reason})"
        : $"incremental: {Slices.Count - Trusted.SiteCount} of {Slices.Count} site(s) inspected";
}

/// <summary>
/// Decides which sites an apply must inspect. A site is trusted when its target digest equals the one the last
/// successful apply recorded and every path of it still has the print that apply recorded; any print that differs (a
/// key file deleted by hand, a mode changed) means the recorded view is stale, and the whole host is converged.
/// Accounts, group memberships, base directories, the sshd files and the key-file listing are read on every apply, so
/// they are never stale. A directory's print includes its ACLs, so a setfacl by hand is caught as well.
/// </summary>
internal sealed class IncrementalView(HostProfile profile, WebServerProfile? web)
{
    /// <param name="extra">What else the executor renders for a site (its vhost), folded into the site's digest.</param>
    public ApplyScope Decide(HostTarget target, Func<string, string?> extra, AppliedIndex? previous, bool allowIncremental, string? fullReason = null)
    {
        var slices = SiteSlices.Of(target, profile);
        var digests = slices.ToDictionary(s => s.Key, s => s.Value.Digest(extra(s.Key)), StringComparer.Ordinal);
        return Decide(new SiteDigests(slices, digests), previous, allowIncremental, fullReason);
    }

    public ApplyScope Decide(SiteDigests wanted, AppliedIndex? previous, bool allowIncremental, string? fullReason = null)
    {
        var (slices, digests) = (wanted.Slices, wanted.Digests);
        var reason = !allowIncremental ? fullReason ?? "requested" : previous is null ? "no record of the last apply" : null;
        if (reason is not null)
        {
            return new ApplyScope(slices, digests, TrustedSlices.None, previous, reason);
        }

        var recorded = previous!.Sites.ToDictionary(s => s.Key, s => s.Value.Digest, StringComparer.Ordinal);
        var touched = SiteSlices.Touched(digests, recorded);
        var candidates = slices.Where(s => !touched.Contains(s.Key)).Select(s => s.Value).ToList();
        using var checking = ApplyTiming.Phase("consistency check");
        var checkedPaths = new (string Path, FileSystemEntry Entry)[candidates.Count][];
        var changed = new AbsolutePath?[candidates.Count];

        // Two lstats and two ACL reads per site are most of an apply at 10,000 sites: read them on every core. Every
        // site below the lowest one found changed is still checked (Break), so the reason names the same path every time.
        try
        {
            Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, loop) =>
            {
                if (Check(candidates[i], previous.Sites[candidates[i].Site].Prints, out checkedPaths[i]) is { } path)
                {
                    changed[i] = path;
                    loop.Break();
                }
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // The callers handle an I/O failure by its own type, as when the check ran on one thread.
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }

        if (changed.FirstOrDefault(path => path is not null) is { } first)
        {
            return new ApplyScope(slices, digests, TrustedSlices.None, previous, $"consistency check: {first} changed since the last apply");
        }

        var entries = new Dictionary<string, FileSystemEntry>(StringComparer.Ordinal);
        foreach (var (path, entry) in checkedPaths.SelectMany(site => site))
        {
            entries[path] = entry;
        }

        return new ApplyScope(slices, digests, new TrustedSlices(candidates, entries), previous, null);
    }

    /// <summary>The first path of the site whose print is not the recorded one, or null with every path's entry.</summary>
    private AbsolutePath? Check(SiteSlice slice, IReadOnlyDictionary<string, string> was, out (string Path, FileSystemEntry Entry)[] entries)
    {
        var taken = new List<(string, FileSystemEntry)>();
        entries = [];
        foreach (var path in PathsOf(slice))
        {
            var (print, entry) = EntryPrint.Take(path);
            if (!was.TryGetValue(path.Value, out var before) || before != print)
            {
                return path;
            }

            taken.Add((path.Value, entry));
        }

        entries = [.. taken];
        return null;
    }

    /// <summary>
    /// The index after a successful apply: trusted sites keep what was recorded (the apply changed none of their paths),
    /// every other wanted site gets fresh prints. Null when nothing changed, so an apply that changed nothing writes nothing.
    /// </summary>
    public AppliedIndex? After(ApplyScope scope)
    {
        if (scope.Previous is { } previous && !scope.IsFull && previous.Sites.Count == scope.Slices.Count && !scope.Touched.Any())
        {
            return null;
        }

        var sites = new SortedDictionary<string, AppliedSite>(StringComparer.Ordinal);
        foreach (var (site, slice) in scope.Slices)
        {
            sites[site] = scope.Trusted.HasSite(site) && scope.Previous!.Sites.TryGetValue(site, out var kept) && kept.Digest == scope.Digests[site]
                ? kept
                : new AppliedSite(scope.Digests[site], new SortedDictionary<string, string>(PathsOf(slice).ToDictionary(p => p.Value, p => EntryPrint.Take(p).Print), StringComparer.Ordinal));
        }

        return new AppliedIndex(AppliedIndex.CurrentVersion, sites);
    }

    /// <summary>The paths of a site the plan compares: its directories, its users' key files, its vhost file and link.</summary>
    public IEnumerable<AbsolutePath> PathsOf(SiteSlice slice)
    {
        foreach (var dir in slice.Directories)
        {
            yield return dir.Path;
        }

        foreach (var file in slice.Files.Where(f => f.Role == FileRole.AuthorizedKeys))
        {
            yield return file.Path;
        }

        if (web is { IsManaged: true })
        {
            var domain = SiteDomain.Parse(slice.Site);
            yield return web.VhostPathFor(domain);
            if (web.EnabledLinkFor(domain) is { } link)
            {
                yield return link;
            }
        }
    }
}
