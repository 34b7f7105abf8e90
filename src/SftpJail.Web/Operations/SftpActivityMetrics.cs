using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data;
using SftpJail.Data.Activity;
using SftpJail.Data.Entities;

namespace SftpJail.Web.Operations;

/// <summary>
/// The customers' SFTP logins as metrics, from the customer activity history (sshd's own log, read by the activity
/// poller; see src/SftpJail.Data/Activity), not the panel's sign-ins. The login counters are the running totals the
/// recorder keeps beside the history (<see cref="SftpLoginTotals"/>), read at scrape time: they count every login
/// SftpJail recorded, never go down when old history is pruned, and carry on from where they were after a restart.
/// </summary>
public sealed class SftpActivityMetrics
{
    private readonly IDbContextFactory<SftpJailDbContext> databases;

    public SftpActivityMetrics(Meter meter, IDbContextFactory<SftpJailDbContext> databases)
    {
        this.databases = databases;
        meter.CreateObservableCounter("sftpjail.sftp.logins", () => Read(succeeded: true),
            description: "SFTP logins sshd accepted for SftpJail's accounts, as recorded from sshd's log (0 while no log source is found).");
        meter.CreateObservableCounter("sftpjail.sftp.failed.logins", () => Read(succeeded: false),
            description: "SFTP logins sshd refused for SftpJail's accounts (wrong password or key, disabled), from the same log.");
        meter.CreateObservableGauge("sftpjail.sftp.sessions.open", OpenSessions,
            description: "SFTP sessions open now, as sshd's log shows them.");
        meter.CreateObservableCounter("sftpjail.sftp.relay.forged", RelayForged,
            description: "Lines the chroot log relay dropped because their sender may not write them (another account's name or pid), since the executor started (absent when no relay runs).");
        meter.CreateObservableGauge("sftpjail.sftp.log.source", LogSource,
            description: "1 when the last read of sshd's log found a source (journal or file), 0 when it found none (absent until the first read).");
    }

    private IEnumerable<Measurement<long>> Read(bool succeeded)
    {
        SftpLoginTotals totals;
        try
        {
            using var db = databases.CreateDbContext();
            // No row yet: nothing was recorded since the database was made (or upgraded), so 0.
            totals = SftpLoginTotals.Read(db) ?? new SftpLoginTotals(0, 0);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or JsonException)
        {
            yield break;
        }

        yield return new Measurement<long>(succeeded ? totals.Logins : totals.Failed);
    }

    private IEnumerable<Measurement<int>> OpenSessions()
    {
        int open;
        try
        {
            using var db = databases.CreateDbContext();
            open = db.Set<ActivitySession>().Count(s => s.ClosedAt == null);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            yield break;
        }

        yield return new Measurement<int>(open);
    }

    private IEnumerable<Measurement<int>> LogSource()
    {
        if (LastStatus() is { } status)
        {
            yield return new Measurement<int>(status.SourceFound ? 1 : 0);
        }
    }

    private IEnumerable<Measurement<long>> RelayForged()
    {
        if (LastStatus() is { RelayForged: { } forged })
        {
            yield return new Measurement<long>(forged);
        }
    }

    /// <summary>What the last pull of the activity log found; null before the first or when the database does not answer.</summary>
    private ActivityStatus? LastStatus()
    {
        try
        {
            using var db = databases.CreateDbContext();
            var row = db.Set<HostSetting>().AsNoTracking()
                .FirstOrDefault(s => s.Name == ActivityRecorder.StatusSetting);
            return row is null ? null : JsonSerializer.Deserialize<ActivityStatus>(row.Json);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or JsonException)
        {
            return null;
        }
    }
}
