using SftpJail.Core.Values;

namespace SftpJail.Data.Services;

/// <summary>A site's disk limit: stored here, carried to the executor in the desired state, enforced there.</summary>
public sealed partial class SiteService
{
    public Task<OperationResult> SetDiskLimitAsync(string domain, string? limit, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, async ct =>
        {
            var text = limit?.Trim();
            var mebibytes = string.IsNullOrEmpty(text) || string.Equals(text, "none", StringComparison.OrdinalIgnoreCase)
                ? (long?)null
                : DiskLimit.Parse(text).Mebibytes;
            var site = await LoadSiteAsync(domain, ct);
            if (site is null)
            {
                return Attempt.Reject(NoSuchSite(domain));
            }

            var before = new DiskLimitAuditView(site.Domain, site.DiskLimitMiB);
            site.DiskLimitMiB = mebibytes;
            await db.SaveChangesAsync(ct);
            return new Change("site.disklimit", site.Domain, before, new DiskLimitAuditView(site.Domain, mebibytes), [], site.Domain);
        }, cancellationToken);

    private sealed record DiskLimitAuditView(string Domain, long? DiskLimitMiB);
}
