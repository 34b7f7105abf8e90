using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Data.Audit;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Services;

/// <inheritdoc cref="ISiteService"/>
public sealed partial class SiteService(SftpJailDbContext db, IExecutorGateway executor, IAuditLog audit, TimeProvider time, ChangeQueueNotices? notices = null) : ISiteService
{
    public const int MaxPageSize = 500;

    public async Task<Page<SiteSummary>> ListSitesAsync(SiteQuery query, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, query.Page);
        var sites = db.Sites.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim().ToLowerInvariant();
            sites = sites.Where(s => s.Domain.Contains(search));
        }

        if (query.CustomerAccountId is not null)
        {
            sites = sites.Where(s => s.CustomerAccountId == query.CustomerAccountId);
        }

        var total = await sites.CountAsync(cancellationToken);
        var items = await Sort(sites, query.Sort, query.Descending)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(s => new SiteSummary(s.Id, s.Domain, s.Enabled, s.Status, s.Users.Count, s.CreatedAt, s.LastAppliedAt, s.CustomerAccountId) { DiskLimitMiB = s.DiskLimitMiB })
            .ToListAsync(cancellationToken);
        return new Page<SiteSummary>(items, total, page, pageSize);
    }

    public Task<SiteDetail?> GetSiteAsync(int siteId, CancellationToken cancellationToken = default) =>
        DetailAsync(db.Sites.Where(s => s.Id == siteId), cancellationToken);

    public Task<SiteDetail?> FindSiteAsync(string domain, CancellationToken cancellationToken = default) =>
        SiteDomain.TryParse(domain, out var parsed, out _)
            ? DetailAsync(db.Sites.Where(s => s.Domain == parsed.Value), cancellationToken)
            : Task.FromResult<SiteDetail?>(null);

    public async Task<string?> SuggestUserNameAsync(string domain, CancellationToken cancellationToken = default) =>
        SiteDomain.TryParse(domain, out var parsed, out _) ? (await FreeUserNameAsync(parsed, cancellationToken))?.Value : null;

    public async Task<DesiredStateDto> BuildDesiredStateAsync(CancellationToken cancellationToken = default)
    {
        // Three flat reads of only the columns the state holds, joined here: at 10,000 sites, materializing whole entities
        // through Include (every column, fix-up of the graph) was most of this call, and it runs on every change.
        var sites = await db.Sites.AsNoTracking()
            .Select(s => new { s.Id, s.Domain, s.Enabled, s.DiskLimitMiB })
            .ToListAsync(cancellationToken);
        var users = (await db.SftpAccounts.AsNoTracking()
            .OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.SiteId, u.UserName, u.ReadOnly, u.KeyOnly, u.Disabled })
            .ToListAsync(cancellationToken)).ToLookup(u => u.SiteId);
        var keys = (await db.AuthorizedKeys.AsNoTracking()
            .OrderBy(k => k.Id)
            .Select(k => new { k.AccountId, k.Line })
            .ToListAsync(cancellationToken)).ToLookup(k => k.AccountId, k => k.Line);
        return new DesiredStateDto(sites
            .OrderBy(s => s.Domain, StringComparer.Ordinal)
            .Select(s => new SiteDto(s.Domain, s.Enabled, users[s.Id]
                .Select(u => new JailUserDto(u.UserName, u.ReadOnly, u.KeyOnly, u.Disabled, keys[u.Id].ToList()))
                .ToList(), s.DiskLimitMiB))
            .ToList());
    }

    public async Task<PlanResult> PlanAsync(CancellationToken cancellationToken = default)
    {
        var state = await BuildDesiredStateAsync(cancellationToken);
        try
        {
            return await executor.PlanAsync(state, cancellationToken);
        }
        catch (ExecutorUnavailableException unavailable)
        {
            return new PlanResult([], OneLine($"The executor is unavailable: {unavailable.Message}"));
        }
    }

    public Task<OperationResult> ApplyAsync(Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, _ => Task.FromResult<Attempt>(new Change("apply", "*", null, null, [], null)), cancellationToken);

    public async Task<ReconcileResult> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var state = await BuildDesiredStateAsync(cancellationToken);
            ReconcileResult result;
            try
            {
                result = await executor.ReconcileAsync(state, cancellationToken);
            }
            catch (ExecutorUnavailableException unavailable)
            {
                return new ReconcileResult([], OneLine($"The executor is unavailable: {unavailable.Message}"));
            }

            if (result.Error is null)
            {
                var drifted = DriftAttribution.AffectedDomains(state, result.Drift).ToList();
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                await db.Sites.Where(s => drifted.Contains(s.Domain))
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SiteStatus.Drifted), CancellationToken.None);
                await db.Sites.Where(s => !drifted.Contains(s.Domain))
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SiteStatus.Applied), CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }

            return result;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static IQueryable<Site> Sort(IQueryable<Site> sites, string? sort, bool descending) => (sort?.ToLowerInvariant(), descending) switch
    {
        ("created", false) => sites.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id),
        ("created", true) => sites.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id),
        ("status", false) => sites.OrderBy(s => s.Status).ThenBy(s => s.Domain),
        ("status", true) => sites.OrderByDescending(s => s.Status).ThenBy(s => s.Domain),
        ("users", false) => sites.OrderBy(s => s.Users.Count).ThenBy(s => s.Domain),
        ("users", true) => sites.OrderByDescending(s => s.Users.Count).ThenBy(s => s.Domain),
        (_, true) => sites.OrderByDescending(s => s.Domain),
        _ => sites.OrderBy(s => s.Domain),
    };

    private static async Task<SiteDetail?> DetailAsync(IQueryable<Site> query, CancellationToken cancellationToken)
    {
        var site = await query.AsNoTracking().Include(s => s.Users).ThenInclude(u => u.Keys).AsSplitQuery().FirstOrDefaultAsync(cancellationToken);
        if (site is null)
        {
            return null;
        }

        var users = site.Users.OrderBy(u => u.Id)
            .Select(u => new UserSummary(u.Id, u.UserName, site.Domain, u.ReadOnly, u.KeyOnly, u.Disabled, u.HasPassword,
                u.Keys.OrderBy(k => k.Id).Select(k => new KeySummary(k.Id, k.Algorithm, k.Fingerprint, k.Comment, k.Line)).ToList()))
            .ToList();
        var summary = new SiteSummary(site.Id, site.Domain, site.Enabled, site.Status, users.Count, site.CreatedAt, site.LastAppliedAt, site.CustomerAccountId)
        {
            DiskLimitMiB = site.DiskLimitMiB,
        };
        return new SiteDetail(summary, users);
    }

    private async Task<LinuxUserName?> FreeUserNameAsync(SiteDomain domain, CancellationToken cancellationToken)
    {
        foreach (var candidate in UserNameSuggestion.Candidates(domain))
        {
            if (!await db.SftpAccounts.AnyAsync(a => a.UserName == candidate.Value, cancellationToken))
            {
                return candidate;
            }
        }

        return null;
    }
}
