using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Values;
using SftpJail.Data.Audit;

namespace SftpJail.Data.Services;

public sealed partial class SiteService
{
    /// <summary>
    /// Who may open the site's connection page is panel data only: nothing changes on the host, so the executor is not
    /// asked and the audit row is "recorded". The caller checks that the account is in the Customer role.
    /// </summary>
    public async Task<OperationResult> SetCustomerAsync(string domain, string? customerAccountId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            Entities.Site? site;
            try
            {
                site = await LoadSiteAsync(domain, cancellationToken);
            }
            catch (InputRejectedException rejected)
            {
                return OperationResult.Invalid(rejected.Message);
            }

            if (site is null)
            {
                return OperationResult.Invalid(NoSuchSite(domain));
            }

            if (customerAccountId is not null && !await db.Users.AnyAsync(u => u.Id == customerAccountId, cancellationToken))
            {
                return OperationResult.Invalid("customer: That panel account does not exist.");
            }

            if (site.CustomerAccountId == customerAccountId)
            {
                return new OperationResult(true, null, [], null);
            }

            var before = SiteAuditView.Of(site);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            site.CustomerAccountId = customerAccountId;
            await db.SaveChangesAsync(cancellationToken);
            var entry = await audit.AppendAsync(
                actor,
                customerAccountId is null ? "site.customer.detach" : "site.customer.attach",
                site.Domain,
                before,
                SiteAuditView.Of(site),
                AuditResults.Recorded,
                cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new OperationResult(true, null, [], entry.Id);
        }
        finally
        {
            db.ChangeTracker.Clear();
            Gate.Release();
        }
    }
}
