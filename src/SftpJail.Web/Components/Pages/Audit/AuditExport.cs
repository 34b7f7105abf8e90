using System.Text;
using Microsoft.AspNetCore.Mvc;
using SftpJail.Data.Audit;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Audit;

/// <summary>The audit CSV download: Admin only; a GET that changes nothing (no antiforgery token needed).</summary>
public static class AuditExport
{
    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/audit/export.csv", async (
            HttpContext context,
            [FromServices] IAuditLog audit,
            [FromQuery] string? actor,
            [FromQuery] string? site,
            [FromQuery] string? action,
            [FromQuery] string? result,
            [FromQuery] string? from,
            [FromQuery] string? to,
            [FromQuery] string? match) =>
        {
            var filter = new AuditFilter(actor, site, action, result, from, to);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"sftpjail-audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
            // match=contains: the grid's filters (text anywhere); otherwise exact, as the CLI and older links mean them.
            var query = string.Equals(match, "contains", StringComparison.Ordinal) ? filter.ToSearch() : filter.ToQuery();
            await audit.WriteCsvAsync(query, writer, context.RequestAborted);
        }).RequireAuthorization(policy => policy.RequireRole(PanelRoles.Admin));
        return endpoints;
    }
}
