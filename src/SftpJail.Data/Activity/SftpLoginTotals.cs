using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Activity;

/// <summary>
/// Running totals of the SFTP logins the recorder stored (accepted, refused), kept in one <see cref="HostSetting"/>
/// row and updated in the same transaction as the login rows and the cursor: they never go down, whatever pruning
/// deletes and however often the panel restarts, so <c>/metrics</c> can serve them as Prometheus counters. The first
/// time (a database from before the totals) they start from the login rows already stored.
/// </summary>
public sealed record SftpLoginTotals(long Logins, long Failed)
{
    public const string Setting = "activity-login-totals";

    /// <summary>Synchronous: a metrics callback reads it. Null before the first pull.</summary>
    public static SftpLoginTotals? Read(SftpJailDbContext db)
    {
        var row = db.Set<HostSetting>().AsNoTracking().FirstOrDefault(s => s.Name == Setting);
        return row is null ? null : JsonSerializer.Deserialize<SftpLoginTotals>(row.Json);
    }

    /// <summary>
    /// Adds to the tracked row; the caller's SaveChanges writes it. The row is made at the first pull (even one with no
    /// login), before anything is pruned, from the rows already there.
    /// </summary>
    internal static async Task AddAsync(SftpJailDbContext db, long logins, long failed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await db.Set<HostSetting>().FirstOrDefaultAsync(s => s.Name == Setting, cancellationToken);
        if (row is not null && logins == 0 && failed == 0)
        {
            return;
        }

        var totals = row is null ? await CountStoredAsync(db, cancellationToken) : JsonSerializer.Deserialize<SftpLoginTotals>(row.Json)!;
        var json = JsonSerializer.Serialize(new SftpLoginTotals(totals.Logins + logins, totals.Failed + failed));
        if (row is null)
        {
            db.Add(new HostSetting { Name = Setting, Json = json, UpdatedAt = now });
        }
        else
        {
            row.Json = json;
            row.UpdatedAt = now;
        }
    }

    private static async Task<SftpLoginTotals> CountStoredAsync(SftpJailDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.Set<ActivityLogin>().GroupBy(l => l.Succeeded).Select(g => new { Succeeded = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        return new SftpLoginTotals(counts.Where(c => c.Succeeded).Sum(c => c.Count), counts.Where(c => !c.Succeeded).Sum(c => c.Count));
    }
}
