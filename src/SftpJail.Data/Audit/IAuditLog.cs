using SftpJail.Data.Services;

namespace SftpJail.Data.Audit;

/// <summary>
/// The append-only, hash-chained record of every change. Appends are serialised by SQLite's write lock (each runs in an
/// IMMEDIATE transaction, or in the caller's), so the chain never forks even with the panel and the CLI writing at once.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends one row. <paramref name="before"/> and <paramref name="after"/> are serialised as camelCase JSON; callers
    /// pass views that carry <c>hasPassword</c>, never a password.
    /// </summary>
    Task<AuditRecord> AppendAsync(
        Actor actor,
        string action,
        string target,
        object? before,
        object? after,
        string result,
        string? error = null,
        string? detail = null,
        CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<Page<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every row matching the filters (paging ignored), oldest first, as RFC 4180 CSV safe to open in a spreadsheet.</summary>
    Task WriteCsvAsync(AuditQuery query, TextWriter writer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recomputes the whole chain and names every row whose content or link does not match, and every gap in the ids.
    /// With an executor, it also checks each row's countersignature and the executor's anchor (rows removed from the
    /// end), and the executor's own journal.
    /// </summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default);
}

/// <param name="Target">
/// With <see cref="AuditTextMatch.Exact"/>, a site's domain matches the site itself and everything under it ("site1.com/alice").
/// </param>
/// <param name="From">Inclusive.</param>
/// <param name="To">Exclusive.</param>
/// <param name="Match">How actor, target and action are compared; the result always matches exactly.</param>
public sealed record AuditQuery(
    string? Actor = null,
    string? Target = null,
    string? Action = null,
    string? Result = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 1,
    int PageSize = 50,
    AuditTextMatch Match = AuditTextMatch.Exact);

public enum AuditTextMatch
{
    /// <summary>Equal text (the CLI's and the API's filters, and older export links).</summary>
    Exact,

    /// <summary>The text anywhere, case-insensitive (the audit grid's filters).</summary>
    Contains,
}

public sealed record AuditRecord(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string Target,
    string? Before,
    string? After,
    string Result,
    string? Error,
    string? Detail,
    string PreviousHash,
    string Hash,
    string? Mac = null);

public sealed record AuditChainProblem(long EntryId, string Reason);

/// <param name="Keyed">The executor checked the countersignatures and the anchor; false: only the public hash chain was checked.</param>
/// <param name="Countersigned">Rows carrying the executor's countersignature.</param>
/// <param name="JournalEntries">Entries in the executor's own journal (checked too when <paramref name="Keyed"/>).</param>
public sealed record AuditVerification(
    long EntriesChecked,
    IReadOnlyList<AuditChainProblem> Problems,
    bool Keyed = false,
    long Countersigned = 0,
    long JournalEntries = 0)
{
    public bool Intact => Problems.Count == 0;
}
