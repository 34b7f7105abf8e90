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
/// poller; see src/SftpJail.Data/Activity), not the panel's sign-ins. Read at scrape time: each scrape adds the login
/// rows recorded since the last one, so pruning old history never makes a counter go down. The counters start at 0
/// with the panel (<see cref="MetricsStart"/> calls <see cref="Start"/>) and count what is recorded from then on,
/// which includes what sshd logged while the panel was down, as Prometheus expects of a counter after a restart.
/// </summary>
public sealed class SftpActivityMetrics
{
    private readonly object gate = new();
    private readonly IServiceScopeFactory scopes;

    /// <summary>The newest login row counted; -1 until the database first answered.</summary>
    private long lastSeenId = -1;
    private long logins;
    private long failedLogins;

    public SftpActivityMetrics(Meter meter, IServiceScopeFactory scopes)
    {
        this.scopes = scopes;
        meter.CreateObservableCounter("sftpjail.sftp.logins", () => Read(succeeded: true),
            description: "SFTP logins sshd accepted for SftpJail's accounts since the panel started, as read from sshd's log (0 while no log source is found).");
        meter.CreateObservableCounter("sftpjail.sftp.failed.logins", () => Read(succeeded: false),
            description: "SFTP logins sshd refused for SftpJail's accounts (wrong password or key, disabled) since the panel started, from the same log.");
        meter.CreateObservableGauge("sftpjail.sftp.sessions.open", OpenSessions,
            description: "SFTP sessions open now, as sshd's log shows them.");
        meter.CreateObservableGauge("sftpjail.sftp.log.source", LogSource,
            description: "1 when the last read of sshd's log found a source (journal or file), 0 when it found none (absent until the first read).");
    }

    /// <summary>Takes the starting point: the rows recorded until now are history (else the first scrape takes it).</summary>
    public void Start() => _ = Totals();

    private IEnumerable<Measurement<long>> Read(bool succeeded)
    {
        if (Totals() is { } totals)
        {
            yield return new Measurement<long>(succeeded ? totals.Logins : totals.Failed);
        }
    }

    private (long Logins, long Failed)? Totals()
    {
        lock (gate)
        {
            try
            {
                CatchUp();
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException)
            {
                return null;
            }

            return (logins, failedLogins);
        }
    }

    /// <summary>Adds the rows after the last one seen, up to the newest now (ids grow: SQLite has one writer at a time).</summary>
    private void CatchUp()
    {
        using var scope = scopes.CreateScope();
        var rows = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Set<ActivityLogin>().AsNoTracking();
        var newest = rows.Max(l => (long?)l.Id) ?? 0;
        if (lastSeenId < 0)
        {
            // What was recorded before the panel started is history, not this process's count.
            lastSeenId = newest;
            return;
        }

        if (newest <= lastSeenId)
        {
            return;
        }

        var counts = rows.Where(l => l.Id > lastSeenId && l.Id <= newest)
            .GroupBy(l => l.Succeeded).Select(g => new { Succeeded = g.Key, Count = g.LongCount() }).ToList();
        logins += counts.Where(c => c.Succeeded).Sum(c => c.Count);
        failedLogins += counts.Where(c => !c.Succeeded).Sum(c => c.Count);
        lastSeenId = newest;
    }

    private IEnumerable<Measurement<int>> OpenSessions()
    {
        int open;
        try
        {
            using var scope = scopes.CreateScope();
            open = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Set<ActivitySession>().Count(s => s.ClosedAt == null);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            yield break;
        }

        yield return new Measurement<int>(open);
    }

    private IEnumerable<Measurement<int>> LogSource()
    {
        ActivityStatus? status;
        try
        {
            using var scope = scopes.CreateScope();
            var row = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Set<HostSetting>().AsNoTracking()
                .FirstOrDefault(s => s.Name == ActivityRecorder.StatusSetting);
            status = row is null ? null : JsonSerializer.Deserialize<ActivityStatus>(row.Json);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or JsonException)
        {
            yield break;
        }

        if (status is not null)
        {
            yield return new Measurement<int>(status.SourceFound ? 1 : 0);
        }
    }
}
