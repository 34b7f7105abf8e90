using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Activity;
using SftpJail.Core.Contract;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Activity;

/// <summary>
/// Pulls sshd/internal-sftp events from the executor, attributes each to its site and user, and stores them with the
/// cursor in one transaction, so a pull that fails half-way is read again, not lost or doubled. Logins are attributed
/// by account name; file operations by their session's pid, which the session-opened event tied to an account. An
/// event for a name SftpJail does not manage, or a pid with no session, is dropped.
/// </summary>
public sealed class ActivityRecorder(SftpJailDbContext db, IActivitySource? source, TimeProvider time, ActivityRetention retention)
{
    public const string CursorSetting = "activity-cursor";
    public const string StatusSetting = "activity-status";

    /// <summary>One pull at a time per process: two would read the same events from the same cursor.</summary>
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private const int MaxBatchesPerPull = 20;

    public bool HasSource => source is not null;

    public async Task<ActivityStatus> PullAsync(CancellationToken cancellationToken = default)
    {
        if (source is null)
        {
            return ActivityStatus.NeverChecked with { CheckedAt = time.GetUtcNow(), Error = "The panel has no executor that reads logs (preview mode)." };
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            ActivityStatus status;
            try
            {
                status = await PullBatchesAsync(source, cancellationToken);
            }
            catch (ExecutorUnavailableException e)
            {
                status = new ActivityStatus(false, [], time.GetUtcNow(), e.Message);
            }

            await SaveSettingAsync(StatusSetting, JsonSerializer.Serialize(status), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await PruneAsync(cancellationToken);
            return status;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task<ActivityStatus> LastStatusAsync(CancellationToken cancellationToken = default)
    {
        var row = await db.Set<HostSetting>().AsNoTracking().FirstOrDefaultAsync(s => s.Name == StatusSetting, cancellationToken);
        return row is null ? ActivityStatus.NeverChecked : JsonSerializer.Deserialize<ActivityStatus>(row.Json) ?? ActivityStatus.NeverChecked;
    }

    private async Task<ActivityStatus> PullBatchesAsync(IActivitySource from, CancellationToken cancellationToken)
    {
        var users = await db.SftpAccounts.AsNoTracking().ToDictionaryAsync(u => u.UserName, u => u.SiteId, StringComparer.Ordinal, cancellationToken);
        var cursor = (await db.Set<HostSetting>().AsNoTracking().FirstOrDefaultAsync(s => s.Name == CursorSetting, cancellationToken))?.Json;
        IReadOnlyList<string> sources = [];
        string? warning = null;
        long? forged = null;
        for (var i = 0; i < MaxBatchesPerPull; i++)
        {
            var batch = await from.ReadActivityAsync(cursor, IActivitySource.MaxEventsPerBatch, cancellationToken);
            if (!batch.SourceFound)
            {
                return new ActivityStatus(false, [], time.GetUtcNow());
            }

            sources = batch.Sources;
            warning = batch.Warning;
            forged = batch.RelayForged;
            var (logins, failed) = await RecordAsync(batch.Events, users, cancellationToken);
            await SftpLoginTotals.AddAsync(db, logins, failed, time.GetUtcNow(), cancellationToken);
            await SaveSettingAsync(CursorSetting, batch.Cursor, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            cursor = batch.Cursor;
            if (!batch.More)
            {
                break;
            }
        }

        return new ActivityStatus(true, sources, time.GetUtcNow(), Warning: warning, RelayForged: forged);
    }

    /// <summary>Adds the batch's rows to the context; returns the logins it added (accepted, refused) for the totals.</summary>
    private async Task<(long Logins, long Failed)> RecordAsync(IReadOnlyList<ActivityEvent> events, IReadOnlyDictionary<string, int> users, CancellationToken cancellationToken)
    {
        long logins = 0, failed = 0;
        var open = (await db.Set<ActivitySession>().Where(s => s.ClosedAt == null).ToListAsync(cancellationToken))
            .GroupBy(s => s.Pid).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.OpenedAt).First());
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case ActivityEventKind.LoginAccepted or ActivityEventKind.LoginFailed when e.User is { } name && users.TryGetValue(name, out var siteId):
                    db.Add(new ActivityLogin
                    {
                        SiteId = siteId,
                        UserName = name,
                        At = e.AtUtc,
                        Succeeded = e.Kind == ActivityEventKind.LoginAccepted,
                        Method = e.Method ?? "unknown",
                        Address = Cut(e.Address ?? "", 64),
                        Port = e.Port ?? 0,
                    });
                    _ = e.Kind == ActivityEventKind.LoginAccepted ? logins++ : failed++;
                    break;
                case ActivityEventKind.SessionOpened when e.User is { } name && users.TryGetValue(name, out var siteId) && e.Pid > 1:
                    if (open.Remove(e.Pid, out var stale))
                    {
                        // The pid was reused: the old session's close was never logged.
                        stale.ClosedAt = e.AtUtc;
                    }

                    var session = new ActivitySession { SiteId = siteId, UserName = name, Pid = e.Pid, Address = Cut(e.Address ?? "", 64), OpenedAt = e.AtUtc };
                    db.Add(session);
                    open[e.Pid] = session;
                    break;
                case ActivityEventKind.SessionClosed when open.TryGetValue(e.Pid, out var closing) && closing.UserName == e.User:
                    closing.ClosedAt = e.AtUtc;
                    open.Remove(e.Pid);
                    break;
                case ActivityEventKind.FileClosed or ActivityEventKind.Removed or ActivityEventKind.Renamed
                    or ActivityEventKind.DirectoryCreated or ActivityEventKind.DirectoryRemoved when open.TryGetValue(e.Pid, out var current):
                    db.Add(ToTransfer(e, current));
                    break;
            }
        }

        return (logins, failed);
    }

    private static ActivityTransfer ToTransfer(ActivityEvent e, ActivitySession session) => new()
    {
        SiteId = session.SiteId,
        UserName = session.UserName,
        Pid = e.Pid,
        At = e.AtUtc,
        Kind = e.Kind switch
        {
            ActivityEventKind.FileClosed when e.BytesWritten > 0 => TransferKind.Upload,
            ActivityEventKind.FileClosed when e.BytesRead > 0 => TransferKind.Download,
            ActivityEventKind.FileClosed => TransferKind.Touch,
            ActivityEventKind.Removed => TransferKind.Remove,
            ActivityEventKind.Renamed => TransferKind.Rename,
            ActivityEventKind.DirectoryCreated => TransferKind.Mkdir,
            _ => TransferKind.Rmdir,
        },
        Path = Cut(e.Path ?? "", 4096),
        NewPath = e.NewPath is null ? null : Cut(e.NewPath, 4096),
        BytesRead = e.BytesRead ?? 0,
        BytesWritten = e.BytesWritten ?? 0,
    };

    private async Task SaveSettingAsync(string name, string json, CancellationToken cancellationToken)
    {
        var row = await db.Set<HostSetting>().FirstOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (row is null)
        {
            db.Add(new HostSetting { Name = name, Json = json, UpdatedAt = time.GetUtcNow() });
        }
        else
        {
            row.Json = json;
            row.UpdatedAt = time.GetUtcNow();
        }
    }

    /// <summary>Deletes rows past the age limit, then each site's oldest rows past the count limit.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().AddDays(-Math.Max(1, retention.MaxAgeDays));
        await db.Set<ActivityLogin>().Where(l => l.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.Set<ActivityTransfer>().Where(t => t.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.Set<ActivitySession>().Where(s => s.ClosedAt != null && s.ClosedAt < cutoff).ExecuteDeleteAsync(cancellationToken);

        var cap = Math.Max(1, retention.MaxRowsPerSite);
        foreach (var site in await db.Set<ActivityLogin>().GroupBy(l => l.SiteId).Where(g => g.Count() > cap).Select(g => g.Key).ToListAsync(cancellationToken))
        {
            var keepFrom = await db.Set<ActivityLogin>().Where(l => l.SiteId == site).OrderByDescending(l => l.Id).Skip(cap - 1).Select(l => l.Id).FirstAsync(cancellationToken);
            await db.Set<ActivityLogin>().Where(l => l.SiteId == site && l.Id < keepFrom).ExecuteDeleteAsync(cancellationToken);
        }

        foreach (var site in await db.Set<ActivityTransfer>().GroupBy(t => t.SiteId).Where(g => g.Count() > cap).Select(g => g.Key).ToListAsync(cancellationToken))
        {
            var keepFrom = await db.Set<ActivityTransfer>().Where(t => t.SiteId == site).OrderByDescending(t => t.Id).Skip(cap - 1).Select(t => t.Id).FirstAsync(cancellationToken);
            await db.Set<ActivityTransfer>().Where(t => t.SiteId == site && t.Id < keepFrom).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
