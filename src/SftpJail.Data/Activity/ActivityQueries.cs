using Microsoft.EntityFrameworkCore;

namespace SftpJail.Data.Activity;

/// <summary>A user's most recent login attempt and most recent successful one.</summary>
public sealed record LastLogin(string UserName, ActivityLogin? Latest, ActivityLogin? LatestSuccess);

/// <summary>Transfer-log filters as the page's query string carries them; each is optional.</summary>
public sealed record TransferFilter(string? UserName = null, TransferKind? Kind = null, string? PathContains = null, int Page = 1, int PageSize = 50);

public sealed record TransferPage(IReadOnlyList<ActivityTransfer> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads of the stored history, always for one site: callers check that the viewer may see that site.</summary>
public sealed class ActivityQueries(SftpJailDbContext db)
{
    public async Task<IReadOnlyList<LastLogin>> LastLoginPerUserAsync(int siteId, CancellationToken cancellationToken = default)
    {
        var users = await db.SftpAccounts.AsNoTracking().Where(u => u.SiteId == siteId).OrderBy(u => u.Id).Select(u => u.UserName).ToListAsync(cancellationToken);
        var result = new List<LastLogin>();
        foreach (var user in users)
        {
            var logins = db.Set<ActivityLogin>().AsNoTracking().Where(l => l.SiteId == siteId && l.UserName == user).OrderByDescending(l => l.At).ThenByDescending(l => l.Id);
            result.Add(new LastLogin(user, await logins.FirstOrDefaultAsync(cancellationToken), await logins.Where(l => l.Succeeded).FirstOrDefaultAsync(cancellationToken)));
        }

        return result;
    }

    public async Task<IReadOnlyList<ActivityLogin>> RecentLoginsAsync(int siteId, int take, CancellationToken cancellationToken = default) =>
        await db.Set<ActivityLogin>().AsNoTracking().Where(l => l.SiteId == siteId)
            .OrderByDescending(l => l.At).ThenByDescending(l => l.Id).Take(take).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ActivitySession>> OpenSessionsAsync(int siteId, CancellationToken cancellationToken = default) =>
        await db.Set<ActivitySession>().AsNoTracking().Where(s => s.SiteId == siteId && s.ClosedAt == null)
            .OrderByDescending(s => s.OpenedAt).ToListAsync(cancellationToken);

    public Task<ActivitySession?> FindSessionAsync(int siteId, long sessionId, CancellationToken cancellationToken = default) =>
        db.Set<ActivitySession>().FirstOrDefaultAsync(s => s.Id == sessionId && s.SiteId == siteId, cancellationToken);

    public async Task<TransferPage> TransfersAsync(int siteId, TransferFilter filter, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(filter.PageSize, 1, 500);
        var query = db.Set<ActivityTransfer>().AsNoTracking().Where(t => t.SiteId == siteId);
        if (!string.IsNullOrEmpty(filter.UserName))
        {
            query = query.Where(t => t.UserName == filter.UserName);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(t => t.Kind == kind);
        }

        if (!string.IsNullOrEmpty(filter.PathContains))
        {
            query = query.Where(t => t.Path.Contains(filter.PathContains) || (t.NewPath != null && t.NewPath.Contains(filter.PathContains)));
        }

        var total = await query.CountAsync(cancellationToken);
        var page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + size - 1) / size));
        var rows = await query.OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        return new TransferPage(rows, total, page, size);
    }
}
