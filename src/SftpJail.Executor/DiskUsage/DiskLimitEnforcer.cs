using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.DiskUsage;

/// <summary>
/// The executor-enforced disk limit: measures each limited site's <c>html/</c> and, while it holds more than its limit,
/// renders the site's users read-only (the read-only group, which sshd reads at each login, so no reload). The desired
/// state itself is never changed: once usage is back under the limit the users get back what the admin set. Remembers
/// the last measurement of each site for the panel and the CLI.
/// </summary>
internal sealed class DiskLimitEnforcer(HostProfile profile, HostFileSystem files, ILogger logger, TimeProvider time, int entryLimit = DiskLimitEnforcer.DefaultEntryLimit)
{
    public const int DefaultEntryLimit = 1_000_000;

    public const string Reason = "over disk limit";

    private readonly ConcurrentDictionary<string, SiteDiskUsage> measured = new(StringComparer.Ordinal);

    public IReadOnlyList<SiteDiskUsage> Measured => measured.Values.OrderBy(u => u.Domain, StringComparer.Ordinal).ToList();

    /// <summary>
    /// <paramref name="desired"/> with the users of every site over its limit read-only. A site measured less than
    /// <paramref name="maxAge"/> ago keeps that measurement (the timer keeps them fresh); the others are measured now.
    /// </summary>
    public DesiredState Enforce(DesiredState desired, TimeSpan maxAge)
    {
        var now = time.GetUtcNow();
        var sites = new List<SiteSpec>(desired.Sites.Count);
        foreach (var site in desired.Sites)
        {
            if (site.DiskLimit is not { } limit)
            {
                measured.TryRemove(site.Domain.Value, out _);
                sites.Add(site);
                continue;
            }

            var previous = measured.GetValueOrDefault(site.Domain.Value);
            var usage = previous is not null && previous.LimitBytes == limit.Bytes && now - previous.MeasuredAt < maxAge
                ? previous
                : Measure(site.Domain, limit, now);
            measured[site.Domain.Value] = usage;
            if (usage.OverLimit != (previous?.OverLimit ?? false))
            {
                LogChange(usage, limit);
            }

            sites.Add(usage.OverLimit ? site with { Users = site.Users.Select(u => u with { ReadOnly = true }).ToList() } : site);
        }

        foreach (var gone in measured.Keys.Except(desired.Sites.Select(s => s.Domain.Value), StringComparer.Ordinal).ToList())
        {
            measured.TryRemove(gone, out _);
        }

        return desired with { Sites = sites };
    }

    private SiteDiskUsage Measure(SiteDomain domain, DiskLimit limit, DateTimeOffset now)
    {
        var usage = new DiskUsageWalk(files, entryLimit).Measure(profile.UploadDirFor(domain)) ?? new MeasuredUsage(0, 0, true);
        if (!usage.Complete)
        {
            logger.LogWarning("Measuring {Domain} stopped after {Entries} entries; it holds at least {Bytes} bytes", domain.Value, usage.Entries, usage.Bytes);
        }

        return new SiteDiskUsage(domain.Value, usage.Bytes, limit.Bytes, usage.Bytes > limit.Bytes, usage.Complete, now);
    }

    private void LogChange(SiteDiskUsage usage, DiskLimit limit)
    {
        if (usage.OverLimit)
        {
            logger.LogWarning("Site {Domain} holds {Used} of its {Limit} limit: its users are read-only ({Reason}) until usage drops",
                usage.Domain, DiskLimit.Format(usage.UsedBytes), limit, Reason);
        }
        else
        {
            logger.LogInformation("Site {Domain} holds {Used} of its {Limit} limit again: its users get back their own read-only setting",
                usage.Domain, DiskLimit.Format(usage.UsedBytes), limit);
        }
    }
}
