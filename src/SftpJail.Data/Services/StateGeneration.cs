using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Services;

/// <summary>
/// The database's state generation: a counter in the host settings that every change raises inside its own
/// transaction, sent with the state so the executor can refuse a state older than one it already applied. A change
/// commits its number with its rows, before it is sent, so the numbers follow the order of the commits and a state
/// with a higher number holds every change committed before it (that is not undone).
/// </summary>
public static class StateGeneration
{
    public const string SettingName = "state.generation";

    /// <summary>The last generation handed out (0 before the first).</summary>
    public static async Task<long> CurrentAsync(SftpJailDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var json = await db.Set<HostSetting>().AsNoTracking().Where(s => s.Name == SettingName).Select(s => s.Json).FirstOrDefaultAsync(cancellationToken);
        return json is not null && long.TryParse(json, NumberStyles.None, CultureInfo.InvariantCulture, out var stored) ? stored : 0;
    }

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
