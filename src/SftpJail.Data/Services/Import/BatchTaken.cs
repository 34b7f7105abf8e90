using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Values;

namespace SftpJail.Data.Services.Import;

/// <summary>
/// What the database already has of a batch's names, read in a few queries for the whole batch: the sites among its
/// domains and their www. neighbours, the users among its user names (with their site), the customer accounts it
/// names. A batch of 10,000 sites asked three queries per site before.
/// </summary>
internal sealed class BatchTaken
{
    // SQLite allows 32,766 parameters; a few hundred per query keeps each one small.
    private const int QueryChunk = 500;

    private BatchTaken(HashSet<string> domains, Dictionary<string, string> users, HashSet<string> customers) =>
        (Domains, Users, Customers) = (domains, users, customers);

    public IReadOnlySet<string> Domains { get; }

    /// <summary>Each existing user name of the batch and the domain of its site.</summary>
    public IReadOnlyDictionary<string, string> Users { get; }

    /// <summary>The customer account ids of the batch that exist.</summary>
    public IReadOnlySet<string> Customers { get; }

    public static Task<BatchTaken> ReadAsync(SftpJailDbContext db, IReadOnlyList<BatchSite> sites, CancellationToken cancellationToken) =>
        ReadAsync(db, sites.Select(s => SiteDomain.ParseNew(s.Domain)), sites.SelectMany(s => s.Users).Select(u => u.UserName), sites.Select(s => s.CustomerAccountId).OfType<string>(), cancellationToken);

    public static async Task<BatchTaken> ReadAsync(
        SftpJailDbContext db, IEnumerable<SiteDomain> newDomains, IEnumerable<string> userNames, IEnumerable<string> customerIds, CancellationToken cancellationToken)
    {
        var candidates = newDomains.SelectMany(Candidates).Distinct(StringComparer.Ordinal).ToList();
        var domains = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in candidates.Chunk(QueryChunk))
        {
            domains.UnionWith(await db.Sites.AsNoTracking().Where(s => chunk.Contains(s.Domain)).Select(s => s.Domain).ToListAsync(cancellationToken));
        }

        var names = userNames.Distinct(StringComparer.Ordinal).ToList();
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in names.Chunk(QueryChunk))
        {
            foreach (var account in await db.SftpAccounts.AsNoTracking().Where(a => chunk.Contains(a.UserName)).Select(a => new { a.UserName, a.Site!.Domain }).ToListAsync(cancellationToken))
            {
                users[account.UserName] = account.Domain;
            }
        }

        var ids = customerIds.Distinct(StringComparer.Ordinal).ToList();
        var customers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(QueryChunk))
        {
            customers.UnionWith(await db.Users.AsNoTracking().Where(u => chunk.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken));
        }

        return new BatchTaken(domains, users, customers);
    }

    /// <summary>Why <paramref name="domain"/> cannot be a new site, as a single add says it (SiteService.NameClashAsync).</summary>
    public string? Clash(SiteDomain domain) =>
        Candidates(domain).Where(Domains.Contains).Select(d => SiteServerNames.Clash(domain, SiteDomain.Parse(d))).FirstOrDefault(c => c is not null);

    private static IEnumerable<string> Candidates(SiteDomain domain) => SiteServerNames.Neighbours(domain).Prepend(domain.Value);
}
