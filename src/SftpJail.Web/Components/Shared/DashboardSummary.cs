using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Data;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;

namespace SftpJail.Web.Components.Shared;

/// <summary>What the dashboard shows, read in one operation (one scope, one DbContext).</summary>
public sealed record DashboardSummary(
    int Sites,
    int Users,
    int DisabledSites,
    int DriftedSites,
    int FailedSites,
    IReadOnlyList<AuditRecord> RecentApplies,
    IReadOnlyList<DashboardDay> Days,
    HostInfo? Host,
    long? ExecutorMs,
    string? ExecutorError,
    FailedLoginReport? FailedLogins,
    string? FailedLoginsError)
{
    public const int ChartDays = 14;

    /// <summary>The outcomes that reached (or tried to reach) the host: what "an apply" means on the dashboard.</summary>
    public static readonly string[] ApplyResults = [AuditResults.Applied, AuditResults.Failed, AuditResults.Refused];

    public static async Task<DashboardSummary> ReadAsync(SftpJailDbContext db, IExecutorGateway executor, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var sites = await db.Sites.CountAsync(cancellationToken);
        var users = await db.SftpAccounts.CountAsync(cancellationToken);
        var disabled = await db.Sites.CountAsync(s => !s.Enabled, cancellationToken);
        // As the sites grid counts them: a disabled site is Disabled whatever its last apply said, so the counts match
        // the grid's status filters.
        var drifted = await db.Sites.CountAsync(s => s.Enabled && s.Status == SiteStatus.Drifted, cancellationToken);
        var failed = await db.Sites.CountAsync(s => s.Enabled && s.Status == SiteStatus.Failed, cancellationToken);
        var recent = await db.AuditEntries.AsNoTracking()
            .Where(e => ApplyResults.Contains(e.Result))
            .OrderByDescending(e => e.Id)
            .Take(8)
            .Select(e => new AuditRecord(e.Id, e.At, e.Actor, e.Action, e.Target, null, null, e.Result, e.Error, null, e.PreviousHash, e.Hash, null))
            .ToListAsync(cancellationToken);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var since = new DateTimeOffset(today.AddDays(1 - ChartDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        // Two columns of the last two weeks' outcomes only, grouped here: SQLite cannot group a DateTimeOffset by day.
        var outcomes = await db.AuditEntries.AsNoTracking()
            .Where(e => e.At >= since && ApplyResults.Contains(e.Result))
            .Select(e => new { e.At, e.Result })
            .ToListAsync(cancellationToken);
        var days = Enumerable.Range(0, ChartDays).Select(i => today.AddDays(i + 1 - ChartDays)).Select(day => new DashboardDay(
            day,
            outcomes.Count(o => DateOnly.FromDateTime(o.At.UtcDateTime) == day && o.Result == AuditResults.Applied),
            outcomes.Count(o => DateOnly.FromDateTime(o.At.UtcDateTime) == day && o.Result != AuditResults.Applied))).ToList();

        HostInfo? host = null;
        long? ms = null;
        string? hostError = null;
        FailedLoginReport? logins = null;
        string? loginsError = null;
        var watch = Stopwatch.StartNew();
        try
        {
            host = await executor.GetHostInfoAsync(cancellationToken);
            ms = watch.ElapsedMilliseconds;
        }
        catch (Exception e) when (e is ExecutorUnavailableException or InvalidOperationException or IOException)
        {
            hostError = e.Message;
        }

        if (host is not null)
        {
            try
            {
                logins = await executor.GetRecentFailedLoginsAsync(time.GetUtcNow().AddHours(-24), cancellationToken);
            }
            catch (Exception e) when (e is ExecutorUnavailableException or InvalidOperationException or IOException)
            {
                loginsError = $"The executor is unavailable: {e.Message}";
            }
        }

        return new DashboardSummary(sites, users, disabled, drifted, failed, recent, days, host, ms, hostError, logins, loginsError);
    }
}

public sealed record DashboardDay(DateOnly Day, int Applied, int FailedOrRefused);
