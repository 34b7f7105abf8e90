using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Services;

namespace SftpJail.Data.Audit;

/// <summary>The audit grid's filters: actor, target and action match anywhere in the text (case-insensitive), result exactly.</summary>
/// <param name="From">Inclusive.</param>
/// <param name="To">Exclusive.</param>
public sealed record AuditSearchQuery(
    string? Actor = null,
    string? Target = null,
    string? Action = null,
    string? Result = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 1,
    int PageSize = 25);

/// <summary>Audit rows for the grid and its CSV export, newest first, filtered and paged in SQL. Read-only.</summary>
public sealed class AuditSearch(SftpJailDbContext db)
{
    public const int MaxPageSize = 200;

    public async Task<Page<AuditRecord>> QueryAsync(AuditSearchQuery query, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, query.Page);
        var rows = Filter(query);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(e => e.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<AuditRecord>(items.Select(ToRecord).ToList(), total, page, pageSize);
    }

    /// <summary>Every matching row as CSV, oldest first, cells neutralised against spreadsheet formula injection.</summary>
    public async Task WriteCsvAsync(AuditSearchQuery query, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await AuditCsv.WriteHeaderAsync(writer);
        await foreach (var entry in Filter(query).OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await AuditCsv.WriteAsync(writer, ToRecord(entry));
        }
    }

    private IQueryable<AuditEntry> Filter(AuditSearchQuery query)
    {
        var rows = db.AuditEntries.AsNoTracking();
        if (SiteGrid.Pattern(query.Actor) is { } actor)
        {
            rows = rows.Where(e => EF.Functions.Like(e.Actor, actor, "\\"));
        }

        if (SiteGrid.Pattern(query.Target) is { } target)
        {
            rows = rows.Where(e => EF.Functions.Like(e.Target, target, "\\"));
        }

        if (SiteGrid.Pattern(query.Action) is { } action)
        {
            rows = rows.Where(e => EF.Functions.Like(e.Action, action, "\\"));
        }

        if (!string.IsNullOrWhiteSpace(query.Result))
        {
            rows = rows.Where(e => e.Result == query.Result);
        }

        if (query.From is { } from)
        {
            rows = rows.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(e => e.At < to);
        }

        return rows;
    }

    private static AuditRecord ToRecord(AuditEntry e) =>
        new(e.Id, e.At, e.Actor, e.Action, e.Target, e.Before, e.After, e.Result, e.Error, e.Detail, e.PreviousHash, e.Hash, e.Mac);
}
