namespace SftpJail.Core.Contract;

/// <summary>One audit row as the notary sees it: its id and its public content hash (never the row's text).</summary>
public sealed record AuditRowHash(long Id, string Hash);

/// <summary>The executor's countersignature of one row: a keyed MAC over the row's id and hash and the previous MAC.</summary>
public sealed record AuditSeal(long Id, string Mac);

/// <summary>
/// A countersigned row to check. <see cref="Hash"/> is recomputed by the caller from the row's content;
/// <see cref="PreviousMac"/> is the stored MAC of the signed row before it (<see cref="AuditAnchor.GenesisMac"/> for the first).
/// </summary>
public sealed record AuditSealedRow(long Id, string Hash, string PreviousMac, string Mac);

/// <summary>
/// The head of the countersigned chain as the executor keeps it in its own state directory, out of the panel's reach:
/// how many rows it has signed, the id of the newest and its MAC.
/// </summary>
public sealed record AuditAnchor(long Count, long LastId, string Mac)
{
    public static readonly string GenesisMac = new('0', 64);

    public static AuditAnchor Empty { get; } = new(0, 0, GenesisMac);
}

/// <param name="Error">Set when nothing was signed (an id at or below the anchor's, a malformed hash); <see cref="Anchor"/> then says where the chain is.</param>
public sealed record AuditCountersignResult(IReadOnlyList<AuditSeal> Seals, AuditAnchor Anchor, string? Error = null);

/// <summary>The notary's verdict on a batch of rows: the ids whose MAC is wrong, the anchor, and the executor's own journal.</summary>
public sealed record AuditNotaryCheck(IReadOnlyList<long> Mismatched, AuditAnchor Anchor, ExecutorJournalCheck Journal);

/// <summary>The executor's append-only journal of what it did: how many entries, and what is wrong with it.</summary>
public sealed record ExecutorJournalCheck(long Entries, IReadOnlyList<string> Problems)
{
    public bool Intact => Problems.Count == 0;
}
