using System.Globalization;
using SftpJail.Data.Audit;

namespace SftpJail.Web.Components.Pages.Audit;

/// <summary>The audit filters as they travel in the query string, shared by the page and the CSV export.</summary>
public sealed record AuditFilter(string? Actor, string? Site, string? Action, string? Result, string? From, string? To)
{
    public AuditQuery ToQuery(int page = 1, int pageSize = 50) => new(
        Blank(Actor), Blank(Site), Blank(Action), Blank(Result), ParseDate(From), ParseDate(To)?.AddDays(1), Math.Max(1, page), pageSize);

    /// <summary>The same filters as the grid reads them: actor, target and action match anywhere in the text.</summary>
    public AuditQuery ToSearch(int page = 1, int pageSize = 25) => ToQuery(page, pageSize) with { Match = AuditTextMatch.Contains };

    /// <summary>"actor=...&amp;site=..." with every value escaped.</summary>
    public string ToQueryString() => string.Join('&', new[]
    {
        ("actor", Actor), ("site", Site), ("action", Action), ("result", Result), ("from", From), ("to", To),
    }.Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!.Trim())}"));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Dates are whole UTC days; "to" is inclusive on the form, exclusive in the query.
    private static DateTimeOffset? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;
}
