using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Data.Services;

namespace SftpJail.Data.Audit;

/// <param name="notary">The root executor that countersigns each row and keeps the chain's anchor; null in preview mode and in unit tests.</param>
public sealed class AuditLog(SftpJailDbContext db, TimeProvider time, IAuditNotary? notary = null) : IAuditLog
{
    public const int MaxPageSize = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<AuditRecord> AppendAsync(
        Actor actor,
        string action,
        string target,
        object? before,
        object? after,
        string result,
        string? error = null,
        string? detail = null,
        CancellationToken cancellationToken = default)
    {
        if (!AuditResults.All.Contains(result))
        {
            throw new ArgumentException($"'{result}' is not an audit result.", nameof(result));
        }

        // The caller's transaction (a site change) already holds SQLite's write lock; otherwise take it here, so
        // reading the last hash and inserting the next row cannot interleave with another writer.
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var last = await db.AuditEntries.AsNoTracking()
                .OrderByDescending(e => e.Id)
                .Select(e => new { e.Id, e.Hash })
                .FirstOrDefaultAsync(cancellationToken);
            var entry = new AuditEntry
            {
                Id = (last?.Id ?? 0) + 1,
                At = time.GetUtcNow(),
                Actor = actor.Name,
                Action = action,
                Target = target,
                Before = Serialize(before),
                After = Serialize(after),
                Result = result,
                Error = error,
                Detail = detail,
                PreviousHash = last?.Hash ?? AuditHash.Genesis,
                Hash = string.Empty,
            };
            entry.Hash = AuditHash.Compute(entry);
            await CountersignAsync(entry, cancellationToken);
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(entry).State = EntityState.Detached;
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return ToRecord(entry);
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    public async Task<Page<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, query.Page);
        var rows = Filter(query);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(e => e.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new Page<AuditRecord>(items.Select(ToRecord).ToList(), total, page, pageSize);
    }

    public async Task WriteCsvAsync(AuditQuery query, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await AuditCsv.WriteHeaderAsync(writer);
        await foreach (var entry in Filter(query).OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await AuditCsv.WriteAsync(writer, ToRecord(entry));
        }
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        new AuditVerifier(db, notary).VerifyAsync(cancellationToken);

    private IQueryable<AuditEntry> Filter(AuditQuery query)
    {
        var rows = query.Match == AuditTextMatch.Contains ? ContainingText(query) : WithExactText(query);
        if (!string.IsNullOrEmpty(query.Result))
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

    private IQueryable<AuditEntry> ContainingText(AuditQuery query)
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

        return rows;
    }

    private IQueryable<AuditEntry> WithExactText(AuditQuery query)
    {
        var rows = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Actor))
        {
            rows = rows.Where(e => e.Actor == query.Actor);
        }

        if (!string.IsNullOrEmpty(query.Target))
        {
            var under = query.Target + "/";
            rows = rows.Where(e => e.Target == query.Target || e.Target.StartsWith(under));
        }

        if (!string.IsNullOrEmpty(query.Action))
        {
            rows = rows.Where(e => e.Action == query.Action);
        }

        return rows;
    }

    /// <summary>
    /// Asks the executor to countersign the row. If it already signed this id (a row whose transaction then rolled back,
    /// or ids burnt by someone else), the row moves past its anchor: the gap stays visible to verification. An
    /// unreachable executor leaves the row unsigned, which verification reports until a later signed row vouches for it.
    /// </summary>
    private async Task CountersignAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        if (notary is null)
        {
            return;
        }

        try
        {
            var result = await notary.CountersignAsync([new AuditRowHash(entry.Id, entry.Hash)], cancellationToken);
            if (result.Error is not null && result.Anchor.LastId >= entry.Id)
            {
                entry.Id = result.Anchor.LastId + 1;
                entry.Hash = AuditHash.Compute(entry);
                result = await notary.CountersignAsync([new AuditRowHash(entry.Id, entry.Hash)], cancellationToken);
            }

            entry.Mac = result.Seals.SingleOrDefault(s => s.Id == entry.Id)?.Mac;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong on the executor's side, the row itself is kept; verification names it as unsigned.
            entry.Mac = null;
        }
    }

    private static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);

    private static AuditRecord ToRecord(AuditEntry e) =>
        new(e.Id, e.At, e.Actor, e.Action, e.Target, e.Before, e.After, e.Result, e.Error, e.Detail, e.PreviousHash, e.Hash, e.Mac);
}
