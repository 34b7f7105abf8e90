using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Data.Entities;
using SftpJail.Data.Services.Import;

namespace SftpJail.Data.Services;

/// <summary>
/// Many new sites as one change: all staged in one transaction, one desired state sent, one apply (so one drop-in
/// write, one <c>sshd -t</c>, one reload), one audit row naming every site and user. It runs through the same
/// pipeline as every other change (<see cref="MutateAsync"/>), with the same staging as <see cref="AddSiteAsync"/>.
/// </summary>
public sealed partial class SiteService : ISiteBatch
{
    public Task<SitePreview> PreviewAddSitesAsync(IReadOnlyList<BatchSite> sites, CancellationToken cancellationToken = default) =>
        PreviewAsync(ct => StageSitesAsync(sites, ct), cancellationToken);

    public Task<OperationResult> AddSitesAsync(IReadOnlyList<BatchSite> sites, Actor actor, string? previewedPlan, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, ct => StageSitesAsync(sites, ct), cancellationToken, previewedPlan);

    private async Task<Attempt> StageSitesAsync(IReadOnlyList<BatchSite> sites, CancellationToken cancellationToken)
    {
        if (sites.Count == 0 || sites.Any(s => s.Users.Count == 0))
        {
            return Attempt.Reject("import: Nothing to import.");
        }

        if (BatchClash(sites) is { } clash)
        {
            return Attempt.Reject(clash);
        }

        // The database is asked about the whole batch at once (a few queries per 500 names, not three per site), the rows
        // are added and saved once: a save per site ran change detection over every row tracked so far (quadratic; most
        // of a 1,000-row import's time before the first host step). Clashes inside the batch are refused above.
        var taken = await BatchTaken.ReadAsync(db, sites, cancellationToken);
        var sitesMade = new List<Site>();
        var passwords = new List<PasswordChange>();
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var batchSite in sites)
            {
                var owner = batchSite.Users[0];
                var domain = SiteDomain.ParseNew(batchSite.Domain);
                if (taken.Clash(domain) is { } nameClash)
                {
                    return Attempt.Reject($"{owner.Label}: domain: {nameClash}");
                }

                if (batchSite.CustomerAccountId is not null && !taken.Customers.Contains(batchSite.CustomerAccountId))
                {
                    return Attempt.Reject($"{owner.Label}: customer: That panel account does not exist.");
                }

                var site = new Site { Domain = domain.Value, CreatedAt = time.GetUtcNow(), CustomerAccountId = batchSite.CustomerAccountId };
                db.Sites.Add(site);
                foreach (var user in batchSite.Users)
                {
                    var name = LinuxUserName.Parse(user.UserName);
                    var account = taken.Users.TryGetValue(name.Value, out var existing)
                        ? new StagedAccount(null, [], UserExists(name.Value, existing))
                        : StageCheckedAccount(site, name, user.Password, user.Keys, user.ReadOnly, user.KeyOnly);
                    if (account.Invalid is not null)
                    {
                        return Attempt.Reject($"{user.Label}: {account.Invalid}");
                    }

                    passwords.AddRange(account.Passwords);
                }

                sitesMade.Add(site);
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        var views = sitesMade.Select(SiteAuditView.Of).ToList();
        var users = views.Sum(v => v.Users.Count);
        return new Change("site.import", $"{views.Count} sites, {users} users", null, views, passwords, null);
    }

    /// <summary>A domain (or its www. neighbour) or a user name twice in the batch: the importer's row checks refuse these first.</summary>
    private static string? BatchClash(IReadOnlyList<BatchSite> sites)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            var domain = SiteDomain.ParseNew(site.Domain);
            if (!SiteServerNames.Neighbours(domain).Prepend(domain.Value).All(names.Add))
            {
                return $"{site.Users[0].Label}: domain: {domain} or its www. name is in the batch twice.";
            }

            if (site.Users.FirstOrDefault(u => !users.Add(u.UserName)) is { } twice)
            {
                return $"{twice.Label}: username: {OneLine(twice.UserName)} is in the batch twice.";
            }
        }

        return null;
    }
}
