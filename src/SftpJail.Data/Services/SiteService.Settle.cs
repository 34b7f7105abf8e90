using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Audit;
using SftpJail.Data.Entities;
using SftpJail.Data.Storage;

namespace SftpJail.Data.Services;

/// <summary>The second half of a change, in a queue turn: keep it (applied) or undo it (refused, failed, or its owner died).</summary>
public sealed partial class SiteService
{
    /// <summary>What a change whose process died before the executor answered is audited with.</summary>
    public const string OrphanError = "The process that made this change ended before the executor answered; the change was undone.";

    private async Task<OperationResult> SettleAppliedAsync(Actor actor, Flight flight, ExecutorOutcome outcome)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await db.PendingChanges.Where(p => p.Id == flight.PendingId).ExecuteDeleteAsync(CancellationToken.None);

        // The executor converged the host to a state holding every settled row, so every site not still in flight matches it.
        var stillPending = (await db.PendingChanges.AsNoTracking().Select(p => p.Sites).ToListAsync(CancellationToken.None)).SelectMany(Lines).ToList();
        var now = time.GetUtcNow();
        await db.Sites.Where(s => !stillPending.Contains(s.Domain)).ExecuteUpdateAsync(
            s => s.SetProperty(x => x.Status, SiteStatus.Applied).SetProperty(x => x.LastAppliedAt, now).SetProperty(x => x.LastError, (string?)null),
            CancellationToken.None);
        var change = flight.Change;
        var applied = await audit.AppendAsync(actor, change.Action, change.Target, change.Before, change.After, AuditResults.Applied,
            detail: Detail(outcome.Result.Applied, change.Passwords), cancellationToken: CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return new OperationResult(true, null, outcome.Result.Applied, applied.Id);
    }

    /// <summary>Undoes the change (it ends as if it never happened), marks what is left of its sites failed, audits why.</summary>
    private async Task<OperationResult> SettleFailedAsync(Actor actor, Flight flight, ExecutorOutcome outcome)
    {
        var change = flight.Change;
        var error = Redact(OneLine(outcome.Result.Error ?? "The executor did not say why."), change.Passwords);
        var result = outcome.Threw || !outcome.Result.IsRefusal ? AuditResults.Failed : AuditResults.Refused;
        var entry = await UndoAsync(flight.PendingId, flight.Undo, flight.Sites, error,
            audit => audit.AppendAsync(actor, change.Action, change.Target, change.Before, change.After, result, error,
                Detail(outcome.Result.Applied, change.Passwords), CancellationToken.None));
        return new OperationResult(false, error, outcome.Result.Applied, entry.Id);
    }

    /// <summary>
    /// Settles every pending change whose owner died between its commit and the executor's answer: it is undone, not
    /// applied. Its passwords died with its process (they are never stored), so applying it would make accounts without
    /// the password their customer was given, and nobody heard it succeed. If the host got it anyway, the next apply
    /// takes it back off. No grace period is needed: the owner's lock is taken before its rows are committed. Called
    /// holding the turn.
    /// </summary>
    private async Task SettleOrphansAsync()
    {
        var pending = await db.PendingChanges.AsNoTracking().ToListAsync(CancellationToken.None);
        foreach (var orphan in pending.Where(p => !ChangeOwner.IsAlive(p.Owner)))
        {
            await UndoAsync(orphan.Id, UndoLog.Parse(orphan.Undo), Lines(orphan.Sites), OrphanError,
                audit => audit.AppendAsync(new Actor(orphan.Actor), orphan.Action, orphan.Target, null, null, AuditResults.Failed, OrphanError,
                    cancellationToken: CancellationToken.None));
            ChangeOwner.Forget(orphan.Owner);
        }
    }

    private async Task<AuditRecord> UndoAsync(int pendingId, UndoLog undo, IReadOnlyList<string> sites, string error, Func<IAuditLog, Task<AuditRecord>> append)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await undo.UndoAsync(db, CancellationToken.None);
        db.ChangeTracker.Clear();
        await db.PendingChanges.Where(p => p.Id == pendingId).ExecuteDeleteAsync(CancellationToken.None);
        await db.Sites.Where(s => sites.Contains(s.Domain)).ExecuteUpdateAsync(
            s => s.SetProperty(x => x.Status, SiteStatus.Failed).SetProperty(x => x.LastError, error),
            CancellationToken.None);
        var entry = await append(audit);
        await transaction.CommitAsync(CancellationToken.None);
        return entry;
    }
}
