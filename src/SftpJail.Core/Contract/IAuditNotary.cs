namespace SftpJail.Core.Contract;

/// <summary>
/// The root executor's side of the audit trail. It holds a key the panel cannot read, countersigns each row the panel
/// or the CLI appends (in id order, never twice for one id), keeps the chain's head outside the database, and checks
/// rows against both. Implemented by the engine (in-process, root) and over the executor socket.
/// </summary>
public interface IAuditNotary
{
    Task<AuditCountersignResult> CountersignAsync(IReadOnlyList<AuditRowHash> rows, CancellationToken cancellationToken = default);

    /// <summary>Checks a batch of countersigned rows (at most <see cref="MaxRowsPerCall"/>); an empty batch returns the anchor alone.</summary>
    Task<AuditNotaryCheck> CheckAsync(IReadOnlyList<AuditSealedRow> rows, CancellationToken cancellationToken = default);

    public const int MaxRowsPerCall = 500;
}

/// <summary>
/// Root's approval of host-access changes (admins, their keys, hardening, enrolment) that a caller other than root sent:
/// the executor holds each such change as pending, with a code; root approves that exact change; the next apply of it
/// goes through once.
/// </summary>
public interface IHostAccessApprovals
{
    Task<IReadOnlyList<PendingHostAccessChange>> ListPendingHostAccessAsync(CancellationToken cancellationToken = default);

    /// <summary>Approves the pending change with <paramref name="code"/>; refused (thrown as <see cref="InvalidOperationException"/>) when none is pending under it.</summary>
    Task<PendingHostAccessChange> ApproveHostAccessAsync(string code, CancellationToken cancellationToken = default);
}

/// <param name="Code">Short, typed by root on the CLI.</param>
/// <param name="RequestedBy">Which peer sent it ("uid 998 pid 1234").</param>
/// <param name="Summary">The change in words: admins added or removed, keys by fingerprint, hardening, an enrolment window.</param>
public sealed record PendingHostAccessChange(
    string Code,
    string RequestedBy,
    DateTimeOffset RequestedAtUtc,
    DateTimeOffset ExpiresAtUtc,
    bool Approved,
    IReadOnlyList<string> Summary);
