using System.Text;
using Microsoft.AspNetCore.Mvc;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Sites;

/// <summary>
/// The sites grid's "export selected": the chosen rows as CSV, a plain download (no circuit). Staff and Admin; a GET that
/// changes nothing, so it needs no antiforgery token. Cells are neutralised against spreadsheet formula injection.
/// </summary>
public static class SiteListExport
{
    public const int MaxDomains = 500;

    public static IEndpointRouteBuilder MapSiteListExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sites/selection.csv", async (HttpContext context, [FromServices] SiteGrid grid, [FromQuery(Name = "d")] string[]? domains) =>
        {
            var wanted = (domains ?? []).Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim().ToLowerInvariant()).Distinct().Take(MaxDomains).ToHashSet(StringComparer.Ordinal);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"sftpjail-sites-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
            await writer.WriteAsync("domain,status,users,first_user,customer,disk_limit_mib,last_applied\r\n");
            if (wanted.Count == 0)
            {
                return;
            }

            var rows = await grid.RowsAsync(wanted, context.RequestAborted);
            foreach (var row in rows)
            {
                var cells = new[]
                {
                    row.Domain, row.GridStatus.ToString(), row.UserCount.ToString(System.Globalization.CultureInfo.InvariantCulture), row.FirstUser, row.CustomerEmail,
                    row.DiskLimitMiB?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    row.LastAppliedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                };
                await writer.WriteAsync(string.Join(',', cells.Select(AuditCsv.Cell)) + "\r\n");
            }
        }).RequireAuthorization(policy => policy.RequireRole(PanelRoles.Admin, PanelRoles.Staff));
        return endpoints;
    }
}
