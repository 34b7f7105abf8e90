using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Services;

/// <summary>
/// The database's state generation: a counter in the host settings that every change raises inside its own
/// transaction, sent with the state so the executor can refuse a state older than one it already applied. A change
/// that is rolled back takes its number with it; the executor never recorded it, so the next change may reuse it.
/// </summary>
public static class StateGeneration
{
    public const string SettingName = "state.generation";

    /// <summary>Raises the counter (to above <paramref name="atLeast"/> when given) and returns the new value; saved with the caller's transaction.</summary>
    public static async Task<long> NextAsync(SftpJailDbContext db, TimeProvider time, long atLeast = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var row = await db.Set<HostSetting>().FindAsync([SettingName], cancellationToken);
        var current = row is not null && long.TryParse(row.Json, NumberStyles.None, CultureInfo.InvariantCulture, out var stored) ? stored : 0;
        var next = Math.Max(current, atLeast) + 1;
        var json = next.ToString(CultureInfo.InvariantCulture);
        if (row is null)
        {
            db.Add(new HostSetting { Name = SettingName, Json = json, UpdatedAt = time.GetUtcNow() });
        }
        else
        {
            (row.Json, row.UpdatedAt) = (json, time.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        return next;
    }
}
