using Microsoft.EntityFrameworkCore;

namespace SftpJail.Data.Activity;

/// <summary>
/// The latest successful SFTP login of each of a set of sites (any of its users), for the sites grid: one grouped query
/// for the page of sites shown, on the (SiteId, At) index.
/// </summary>
public sealed class SiteLastLogins(SftpJailDbContext db)
{
    public async Task<IReadOnlyDictionary<int, DateTimeOffset>> LatestSuccessAsync(IReadOnlyCollection<int> siteIds, CancellationToken cancellationToken = default)
    {
        if (siteIds.Count == 0)
        {
            return new Dictionary<int, DateTimeOffset>();
        }

        var latest = await db.Set<ActivityLogin>().AsNoTracking()
            .Where(l => siteIds.Contains(l.SiteId) && l.Succeeded)
            .GroupBy(l => l.SiteId)
            .Select(g => new { SiteId = g.Key, At = g.Max(l => l.At) })
            .ToListAsync(cancellationToken);
        return latest.ToDictionary(l => l.SiteId, l => l.At);
    }
}
