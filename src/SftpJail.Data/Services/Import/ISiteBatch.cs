using SftpJail.Data.Services.Import;

namespace SftpJail.Data.Services;

/// <summary>Adds many sites as one change (one transaction, one apply); what <see cref="SiteImporter"/> builds on.</summary>
public interface ISiteBatch
{
    /// <summary>What adding all of <paramref name="sites"/> would change on the host, and that plan's identity. Nothing is kept.</summary>
    Task<SitePreview> PreviewAddSitesAsync(IReadOnlyList<BatchSite> sites, CancellationToken cancellationToken = default);

    /// <summary>Adds them all or none; with <paramref name="previewedPlan"/>, only if the plan is still the one previewed.</summary>
    Task<OperationResult> AddSitesAsync(IReadOnlyList<BatchSite> sites, Actor actor, string? previewedPlan, CancellationToken cancellationToken = default);
}
