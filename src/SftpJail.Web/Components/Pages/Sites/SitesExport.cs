using Microsoft.AspNetCore.Mvc;
using SftpJail.Data.Services.Import;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Sites;

/// <summary>The export download: every site and user in the import format (keys, never passwords). Staff and Admin.</summary>
public static class SitesExport
{
    public static IEndpointRouteBuilder MapSitesExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sites/export.{format:regex(^(csv|json)$)}", async (HttpContext context, [FromServices] SiteImporter importer, string format) =>
        {
            var parsed = ImportFormats.Parse(format)!.Value;
            var text = await importer.ExportAsync(parsed, context.RequestAborted);
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"sftpjail-sites-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{format}\"";
            return Results.Text(text, parsed == ImportFormat.Json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8");
        }).RequireAuthorization(policy => policy.RequireRole(PanelRoles.Admin, PanelRoles.Staff));
        return endpoints;
    }
}
