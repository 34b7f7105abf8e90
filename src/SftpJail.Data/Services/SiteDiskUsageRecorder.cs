using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;

namespace SftpJail.Data.Services;

/// <summary>
/// Keeps the executor's last disk measurements on the sites (<see cref="Entities.Site.DiskUsedBytes"/>), so the sites
/// grid sorts by usage in SQL, before paging, over every site. Only the executor measures; the panel records what it
/// reports whenever it asks. A report holds every measured site, so a site missing from it is no longer measured.
/// </summary>
public sealed class SiteDiskUsageRecorder(SftpJailDbContext db)
{
    /// <summary>
    /// Writes the measurements whose bytes changed, in one transaction, and nothing when none did; false when the
    /// database was busy (a cache: the next read retries). A new measuring time alone is not written: nothing shows it,
    /// and every measuring cycle would otherwise rewrite every measured site on the first grid load after it.
    /// </summary>
    public async Task<bool> RecordAsync(IReadOnlyList<SiteDiskUsage> report, CancellationToken cancellationToken = default)
    {
        try
        {
            var stored = await db.Sites.AsNoTracking().Where(s => s.DiskUsedBytes != null)
                .Select(s => new { s.Domain, s.DiskUsedBytes })
                .ToDictionaryAsync(s => s.Domain, s => s.DiskUsedBytes, StringComparer.Ordinal, cancellationToken);
            var changed = report.Where(u => !stored.Remove(u.Domain, out var was) || was != u.UsedBytes).ToList();
            if (changed.Count == 0 && stored.Count == 0)
            {
                return true;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var usage in changed)
            {
                await db.Sites.Where(s => s.Domain == usage.Domain).ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.DiskUsedBytes, usage.UsedBytes)
                    .SetProperty(s => s.DiskMeasuredAt, usage.MeasuredAt), cancellationToken);
            }

            foreach (var domain in stored.Keys)
            {
                await db.Sites.Where(s => s.Domain == domain).ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.DiskUsedBytes, (long?)null)
                    .SetProperty(s => s.DiskMeasuredAt, (DateTimeOffset?)null), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            return false; // SQLITE_BUSY / SQLITE_LOCKED: a change holds the database; these are only measurements
        }
    }
}
