using Microsoft.AspNetCore.Identity;
using SftpJail.Core.Contract;
using SftpJail.Data.Activity;
using SftpJail.Data.Audit;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Sites.SitePage;

/// <summary>
/// Everything the interactive site page shows, read in one authorised operation: the site and its users, the customer
/// login, each user's last login (stored activity), the site's latest audit rows, and what the executor says about the
/// web server and disk usage (null when it cannot be asked). Holds no secret.
/// </summary>
public sealed record SitePageData(
    SiteDetail Detail,
    string? CustomerEmail,
    IReadOnlyDictionary<string, LastLogin> LastLogins,
    IReadOnlyList<AuditRecord> RecentAudit,
    HostInfo? Host)
{
    public const int AuditRows = 6;

    public SiteSummary Site => Detail.Site;

    public SiteDiskUsage? DiskUsage => Host?.Disk?.Sites.FirstOrDefault(u => u.Domain == Site.Domain);

    /// <summary>Null: no site with that id.</summary>
    public static async Task<SitePageData?> ReadAsync(PanelOperation operation, int siteId, CancellationToken cancellationToken = default)
    {
        var detail = await operation.Get<ISiteService>().GetSiteAsync(siteId, cancellationToken);
        if (detail is null)
        {
            return null;
        }

        var email = detail.Site.CustomerAccountId is { } customerId ? (await operation.Get<UserManager<PanelUser>>().FindByIdAsync(customerId))?.Email : null;
        var logins = (await operation.Get<ActivityQueries>().LastLoginPerUserAsync(siteId, cancellationToken)).ToDictionary(l => l.UserName, StringComparer.Ordinal);
        var audit = await operation.Get<IAuditLog>().QueryAsync(new AuditQuery(Target: detail.Site.Domain, PageSize: AuditRows), cancellationToken);
        return new SitePageData(detail, email, logins, audit.Items, await HostAsync(operation.Get<IExecutorGateway>(), cancellationToken));
    }

    /// <summary>What the page says about the site's vhost: served where, or why not.</summary>
    public string VhostState => Host?.WebServer switch
    {
        null when Host is null => "unknown (the executor is unavailable)",
        null => "no web server is managed on this host",
        var web when !Site.Enabled => $"not served: the site is disabled ({web.Kind}, {web.Mode})",
        var web => Site.Status switch
        {
            SiteStatus.Applied => $"served at {web.SiteUrl(Site.Domain)} ({web.Kind}, {web.Mode})",
            SiteStatus.Pending => $"waiting for the next apply ({web.Kind}, {web.Mode})",
            SiteStatus.Drifted => $"drifted: the host differs from the panel; apply to repair ({web.Kind}, {web.Mode})",
            _ => $"the last apply failed; see the audit entries ({web.Kind}, {web.Mode})",
        },
    };

    private static async Task<HostInfo?> HostAsync(IExecutorGateway executor, CancellationToken cancellationToken)
    {
        try
        {
            return await executor.GetHostInfoAsync(cancellationToken);
        }
        catch (Exception e) when (e is ExecutorUnavailableException or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
