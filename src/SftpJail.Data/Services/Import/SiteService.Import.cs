using SftpJail.Core.Contract;
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

        var views = new List<SiteAuditView>();
        var passwords = new List<PasswordChange>();
        foreach (var batchSite in sites)
        {
            var owner = batchSite.Users[0];
            var request = new NewSiteRequest(batchSite.Domain, owner.UserName, owner.Password, owner.Keys, owner.ReadOnly, owner.KeyOnly, batchSite.CustomerAccountId);
            var staged = await StageNewSiteAsync(request, cancellationToken);
            if (staged.Change is null)
            {
                return Attempt.Reject($"{owner.Label}: {staged.Invalid}");
            }

            passwords.AddRange(staged.Change.Passwords);
            var site = db.Sites.Local.Single(s => s.Domain == staged.Change.Target);
            foreach (var extra in batchSite.Users.Skip(1))
            {
                var account = await StageAccountAsync(site, Core.Values.LinuxUserName.Parse(extra.UserName), extra.Password, extra.Keys, extra.ReadOnly, extra.KeyOnly, cancellationToken);
                if (account.Invalid is not null)
                {
                    return Attempt.Reject($"{extra.Label}: {account.Invalid}");
                }

                passwords.AddRange(account.Passwords);
            }

            await db.SaveChangesAsync(cancellationToken);
            views.Add(SiteAuditView.Of(site));
        }

        var users = views.Sum(v => v.Users.Count);
        return new Change("site.import", $"{views.Count} sites, {users} users", null, views, passwords, null);
    }
}
