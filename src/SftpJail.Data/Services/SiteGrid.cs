using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Activity;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Services;

/// <summary>The sites grid's columns. <see cref="Disabled"/> is a status of its own, whatever the last apply said.</summary>
public enum SiteGridStatus
{
    Pending,
    Applied,
    Drifted,
    Failed,
    Disabled,
}

public enum SiteGridSort
{
    Domain,
    Users,
    Customer,
    Status,
    /// <summary>
    /// By the disk usage the executor last reported (<see cref="SiteDiskUsageRecorder"/>), then the limit; sites never
    /// measured (no limit) sort as the smallest.
    /// </summary>
    DiskUsage,
    Created,
    LastApplied,

    /// <summary>By the latest successful SFTP login of any of the site's users; never-used sites first.</summary>
    LastLogin,
}

/// <param name="Search">Part of the domain, of an SFTP user's name, or of the customer's e-mail (case-insensitive).</param>
/// <param name="Customer">Part of the customer's e-mail.</param>
public sealed record SiteGridQuery(
    string? Search = null,
    string? Customer = null,
    SiteGridStatus? Status = null,
    SiteGridSort Sort = SiteGridSort.Domain,
    bool Descending = false,
    int Page = 1,
    int PageSize = 25);

public sealed record SiteGridRow(
    int Id,
    string Domain,
    bool Enabled,
    SiteStatus Status,
    int UserCount,
    string? FirstUser,
    string? CustomerEmail,
    long? DiskLimitMiB,
    long? DiskUsedBytes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAppliedAt)
{
    public SiteGridStatus GridStatus => Enabled ? (SiteGridStatus)(int)Status : SiteGridStatus.Disabled;
}

/// <summary>
/// The sites grid's data: filtering, sorting and paging are all SQL (one page of rows and a COUNT leave SQLite, however
/// many sites there are). Read-only; changes go through <see cref="ISiteService"/>.
/// </summary>
public sealed class SiteGrid(SftpJailDbContext db)
{
    public const int MaxPageSize = 200;

    public async Task<Page<SiteGridRow>> QueryAsync(SiteGridQuery query, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, query.Page);
        var sites = Filter(query);
        var total = await sites.CountAsync(cancellationToken);
        var items = await Sort(sites, query.Sort, query.Descending)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(ToRow)
            .ToListAsync(cancellationToken);
        return new Page<SiteGridRow>(items, total, page, pageSize);
    }

    /// <summary>The rows of the named sites (an export of a selection), in domain order; unknown names are skipped.</summary>
    public async Task<IReadOnlyList<SiteGridRow>> RowsAsync(IReadOnlyCollection<string> domains, CancellationToken cancellationToken = default) =>
        await db.Sites.AsNoTracking().Where(s => domains.Contains(s.Domain)).OrderBy(s => s.Domain).Select(ToRow).ToListAsync(cancellationToken);

    /// <summary>The domains of every site the query matches (for bulk actions and export), in domain order.</summary>
    public async Task<IReadOnlyList<string>> DomainsAsync(SiteGridQuery query, CancellationToken cancellationToken = default) =>
        await Filter(query).OrderBy(s => s.Domain).Select(s => s.Domain).ToListAsync(cancellationToken);

    private static readonly Expression<Func<Site, SiteGridRow>> ToRow = s => new SiteGridRow(
        s.Id,
        s.Domain,
        s.Enabled,
        s.Status,
        s.Users.Count,
        s.Users.OrderBy(u => u.Id).Select(u => u.UserName).FirstOrDefault(),
        s.CustomerAccount != null ? s.CustomerAccount.Email : null,
        s.DiskLimitMiB,
        s.DiskUsedBytes,
        s.CreatedAt,
        s.LastAppliedAt);

    private IQueryable<Site> Filter(SiteGridQuery query)
    {
        var sites = db.Sites.AsNoTracking();
        if (Pattern(query.Search) is { } search)
        {
            // Uncorrelated IN subqueries: SQLite scans the users and accounts once each, not once per site.
            var userSites = db.SftpAccounts.Where(u => EF.Functions.Like(u.UserName, search, "\\")).Select(u => u.SiteId);
            var customers = db.Users.Where(a => EF.Functions.Like(a.Email!, search, "\\")).Select(a => a.Id);
            sites = sites.Where(s => EF.Functions.Like(s.Domain, search, "\\")
                || userSites.Contains(s.Id)
                || (s.CustomerAccountId != null && customers.Contains(s.CustomerAccountId)));
        }

        if (Pattern(query.Customer) is { } customer)
        {
            sites = sites.Where(s => s.CustomerAccount != null && EF.Functions.Like(s.CustomerAccount.Email!, customer, "\\"));
        }

        return query.Status switch
        {
            null => sites,
            SiteGridStatus.Disabled => sites.Where(s => !s.Enabled),
            var status => WithStatus(sites, (SiteStatus)(int)status.Value),
        };
    }

    // A SiteStatus variable, not a cast inside the query: the column holds the name, and EF converts only a value of the
    // enum's own type (a cast int became CAST(CAST(@v AS INTEGER) AS TEXT), which matched nothing).
    private static IQueryable<Site> WithStatus(IQueryable<Site> sites, SiteStatus status) => sites.Where(s => s.Enabled && s.Status == status);

    private IQueryable<Site> Sort(IQueryable<Site> sites, SiteGridSort sort, bool descending) => (sort, descending) switch
    {
        (SiteGridSort.Users, false) => sites.OrderBy(s => s.Users.Count).ThenBy(s => s.Domain),
        (SiteGridSort.Users, true) => sites.OrderByDescending(s => s.Users.Count).ThenBy(s => s.Domain),
        (SiteGridSort.Customer, false) => sites.OrderBy(s => s.CustomerAccount!.Email).ThenBy(s => s.Domain),
        (SiteGridSort.Customer, true) => sites.OrderByDescending(s => s.CustomerAccount!.Email).ThenBy(s => s.Domain),
        (SiteGridSort.Status, false) => sites.OrderBy(StatusRank).ThenBy(s => s.Domain),
        (SiteGridSort.Status, true) => sites.OrderByDescending(StatusRank).ThenBy(s => s.Domain),
        (SiteGridSort.DiskUsage, false) => sites.OrderBy(s => s.DiskUsedBytes).ThenBy(s => s.DiskLimitMiB).ThenBy(s => s.Domain),
        (SiteGridSort.DiskUsage, true) => sites.OrderByDescending(s => s.DiskUsedBytes).ThenByDescending(s => s.DiskLimitMiB).ThenBy(s => s.Domain),
        (SiteGridSort.Created, false) => sites.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id),
        (SiteGridSort.Created, true) => sites.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id),
        (SiteGridSort.LastApplied, false) => sites.OrderBy(s => s.LastAppliedAt).ThenBy(s => s.Domain),
        (SiteGridSort.LastApplied, true) => sites.OrderByDescending(s => s.LastAppliedAt).ThenBy(s => s.Domain),
        (SiteGridSort.LastLogin, false) => sites.OrderBy(LastLogin()).ThenBy(s => s.Domain),
        (SiteGridSort.LastLogin, true) => sites.OrderByDescending(LastLogin()).ThenBy(s => s.Domain),
        (_, true) => sites.OrderByDescending(s => s.Domain),
        _ => sites.OrderBy(s => s.Domain),
    };

    /// <summary>
    /// A site's latest successful login: a correlated MAX per site on the logins' (SiteId, At) index, in SQL, so only the
    /// page of rows leaves SQLite. Sites without one sort as the oldest (SQLite puts NULL first ascending, last descending).
    /// </summary>
    private Expression<Func<Site, DateTimeOffset?>> LastLogin()
    {
        var logins = db.Set<ActivityLogin>();
        return s => logins.Where(l => l.SiteId == s.Id && l.Succeeded).Max(l => (DateTimeOffset?)l.At);
    }

    /// <summary>
    /// A site's <see cref="SiteGridStatus"/> as a number, in SQL: a CASE over the status names the column holds (a cast of
    /// the column to an integer made every name 0), disabled last.
    /// </summary>
    private static readonly Expression<Func<Site, int>> StatusRank = BuildStatusRank();

    private static Expression<Func<Site, int>> BuildStatusRank()
    {
        var site = Expression.Parameter(typeof(Site), "s");
        var status = Expression.Property(site, nameof(Site.Status));
        Expression rank = Expression.Constant((int)SiteGridStatus.Disabled);
        foreach (var value in Enum.GetValues<SiteStatus>().Reverse())
        {
            rank = Expression.Condition(Expression.Equal(status, Expression.Constant(value)), Expression.Constant((int)value), rank);
        }

        return Expression.Lambda<Func<Site, int>>(
            Expression.Condition(Expression.Property(site, nameof(Site.Enabled)), rank, Expression.Constant((int)SiteGridStatus.Disabled)), site);
    }

    /// <summary>A LIKE pattern matching <paramref name="text"/> anywhere, its wildcards escaped; null for no filter.</summary>
    internal static string? Pattern(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
