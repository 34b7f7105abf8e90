using SftpJail.Core.Contract;

namespace SftpJail.Data.Services;

/// <summary>
/// The application service behind both the CLI and the panel: changes desired state in the database, asks the executor
/// to apply it, and audits the outcome. A change the executor refuses or fails is not kept (the database keeps matching
/// the host), and the audit row says why.
/// </summary>
public interface ISiteService
{
    Task<Page<SiteSummary>> ListSitesAsync(SiteQuery query, CancellationToken cancellationToken = default);

    Task<SiteDetail?> GetSiteAsync(int siteId, CancellationToken cancellationToken = default);

    Task<SiteDetail?> FindSiteAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>The user name <see cref="AddSiteAsync"/> would pick when none is given; null for an invalid domain.</summary>
    Task<string?> SuggestUserNameAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>What adding this site would change on the host, without saving anything, and that plan's identity.</summary>
    Task<SitePreview> PreviewAddSiteAsync(NewSiteRequest request, CancellationToken cancellationToken = default);

    /// <summary>Adds the site; with <see cref="NewSiteRequest.PreviewedPlan"/> set, only if the plan is still the one previewed.</summary>
    Task<OperationResult> AddSiteAsync(NewSiteRequest request, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> SetSiteEnabledAsync(string domain, bool enabled, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> RemoveSiteAsync(string domain, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives the panel account <paramref name="customerAccountId"/> (null: nobody) this site's connection page. Audited;
    /// the account must exist. That it is in the Customer role is the panel's check.
    /// </summary>
    Task<OperationResult> SetCustomerAsync(string domain, string? customerAccountId, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Sets the most the site's <c>html/</c> may hold (<paramref name="limit"/> as "500M", "2G"; null or "none": no limit). Audited.</summary>
    Task<OperationResult> SetDiskLimitAsync(string domain, string? limit, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> AddUserAsync(NewUserRequest request, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> SetPasswordAsync(string userName, string password, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> AddKeyAsync(string userName, string keyText, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> RemoveKeyAsync(string userName, string fingerprint, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> SetUserDisabledAsync(string userName, bool disabled, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Read-only: the user can download but not change files.</summary>
    Task<OperationResult> SetUserReadOnlyAsync(string userName, bool readOnly, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> RemoveUserAsync(string userName, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>The whole database state compared with the host.</summary>
    Task<PlanResult> PlanAsync(CancellationToken cancellationToken = default);

    /// <summary>Converges the host to the database state (also the one-click drift repair).</summary>
    Task<OperationResult> ApplyAsync(Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Reports drift and records each site's status (Applied or Drifted).</summary>
    Task<ReconcileResult> ReconcileAsync(CancellationToken cancellationToken = default);

    /// <summary>The desired state as the executor receives it.</summary>
    Task<DesiredStateDto> BuildDesiredStateAsync(CancellationToken cancellationToken = default);
}
