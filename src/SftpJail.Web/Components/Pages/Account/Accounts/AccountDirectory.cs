using Microsoft.EntityFrameworkCore;
using SftpJail.Data;
using SftpJail.Data.Identity;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Account.Accounts;

/// <summary>What the grid asks for: a page, an e-mail "contains" search, a role, and a sort.</summary>
public sealed record AccountQuery(int Page, int PageSize, string? Search, string? Role, string? SortBy, bool Descending);

/// <summary>
/// One page of panel accounts straight from SQLite (search, role filter, sort and paging in SQL), then for that page only
/// their roles, the sites each Customer owns, and their last successful sign-in (the newest account.login audit entry).
/// </summary>
public static class AccountDirectory
{
    public const string SortEmail = "email";
    public const string SortCreated = "created";

    public static async Task<(IReadOnlyList<AccountRow> Rows, int Total)> QueryAsync(SftpJailDbContext db, AccountQuery query, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var upper = query.Search.Trim().ToUpperInvariant();
            users = users.Where(u => u.NormalizedEmail!.Contains(upper));
        }

        if (PanelRoles.All.Contains(query.Role))
        {
            var roleUsers = from link in db.UserRoles join role in db.Roles on link.RoleId equals role.Id where role.Name == query.Role select link.UserId;
            users = users.Where(u => roleUsers.Contains(u.Id));
        }

        var total = await users.CountAsync(cancellationToken);
        users = (query.SortBy, query.Descending) switch
        {
            (SortCreated, false) => users.OrderBy(u => u.CreatedUtc).ThenBy(u => u.NormalizedEmail),
            (SortCreated, true) => users.OrderByDescending(u => u.CreatedUtc).ThenBy(u => u.NormalizedEmail),
            (_, true) => users.OrderByDescending(u => u.NormalizedEmail),
            _ => users.OrderBy(u => u.NormalizedEmail),
        };
        var page = await users.Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        var ids = page.Select(u => u.Id).ToList();

        var roles = (await (from link in db.UserRoles
                            join role in db.Roles on link.RoleId equals role.Id
                            where ids.Contains(link.UserId)
                            select new { link.UserId, role.Name }).ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name);
        var sites = (await db.Sites.AsNoTracking().Where(s => s.CustomerAccountId != null && ids.Contains(s.CustomerAccountId))
                .Select(s => new { s.CustomerAccountId, s.Id, s.Domain }).ToListAsync(cancellationToken))
            .ToLookup(s => s.CustomerAccountId!, s => new OwnedSite(s.Id, s.Domain));
        var lastLogins = await LastLoginsAsync(db, page.Select(u => u.Email).OfType<string>().ToList(), cancellationToken);

        var rows = page.Select(u => new AccountRow(
            u.Id,
            u.Email ?? u.UserName ?? u.Id,
            string.Join(", ", roles[u.Id].Order(StringComparer.Ordinal)),
            u.LockoutEnd is { } end && end > now,
            u.TwoFactorEnabled,
            u.MustChangePassword,
            u.Email is not null && lastLogins.TryGetValue(u.Email, out var at) ? at : null,
            u.CreatedUtc,
            sites[u.Id].OrderBy(s => s.Domain, StringComparer.Ordinal).ToList())).ToList();
        return (rows, total);
    }

    private static async Task<Dictionary<string, DateTimeOffset>> LastLoginsAsync(SftpJailDbContext db, IReadOnlyList<string> emails, CancellationToken cancellationToken)
    {
        var targets = emails.Select(e => $"account:{e}").ToList();
        // The log is append-only, so the newest entry has the highest id (SQLite cannot take the max of a DateTimeOffset).
        var newest = db.AuditEntries.Where(a => a.Action == AccountAudit.LoggedIn && targets.Contains(a.Target))
            .GroupBy(a => a.Target).Select(g => g.Max(a => a.Id));
        var entries = await db.AuditEntries.AsNoTracking().Where(a => newest.Contains(a.Id)).Select(a => new { a.Target, a.At }).ToListAsync(cancellationToken);
        return entries.ToDictionary(e => e.Target["account:".Length..], e => e.At, StringComparer.Ordinal);
    }
}
