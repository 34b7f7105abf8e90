using SftpJail.Data.Activity;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Sites;

/// <summary>The activity page's filters as they came in the address; anything unknown is no filter.</summary>
public sealed record ActivityFilter(string? UserName, string? Kind, string? PathContains, int? Page)
{
    public TransferFilter ToQuery()
    {
        var kind = Enum.TryParse<TransferKind>(Kind, out var k) && Enum.IsDefined(k) ? k : (TransferKind?)null;
        return new TransferFilter(
            string.IsNullOrEmpty(UserName) ? null : UserName,
            kind,
            string.IsNullOrWhiteSpace(PathContains) ? null : PathContains.Trim(),
            Page is > 0 ? Page.Value : 1);
    }
}

/// <summary>
/// Everything the staff activity page shows, read in one authorised operation: first what the executor logged since the
/// last pull (fresh on every view and every live-tail tick), then the site's logins, open sessions and a transfer page.
/// </summary>
public sealed record ActivityView(
    SiteDetail Site,
    ActivityStatus Status,
    IReadOnlyList<LastLogin> LastLogins,
    IReadOnlyList<ActivitySession> Sessions,
    TransferPage Transfers)
{
    /// <summary>Null: no site with that id.</summary>
    public static async Task<ActivityView?> ReadAsync(PanelOperation operation, int siteId, ActivityFilter filter, CancellationToken cancellationToken = default)
    {
        var site = await operation.Get<ISiteService>().GetSiteAsync(siteId, cancellationToken);
        if (site is null)
        {
            return null;
        }

        var status = await operation.Get<ActivityRecorder>().PullAsync(cancellationToken);
        var queries = operation.Get<ActivityQueries>();
        return new ActivityView(
            site,
            status,
            await queries.LastLoginPerUserAsync(site.Site.Id, cancellationToken),
            await queries.OpenSessionsAsync(site.Site.Id, cancellationToken),
            await queries.TransfersAsync(site.Site.Id, filter.ToQuery(), cancellationToken));
    }
}
