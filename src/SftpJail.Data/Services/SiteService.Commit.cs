using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Data.Entities;
using SftpJail.Data.Storage;

namespace SftpJail.Data.Services;

/// <summary>The first half of a change: in its queue turn, validate, commit the rows with their undo record, number the state.</summary>
public sealed partial class SiteService
{
    private static readonly TimeSpan OverlapPoll = TimeSpan.FromMilliseconds(20);
    private static int warmedUp;

    /// <summary>A committed change waiting for the executor's answer.</summary>
    private sealed record Flight(int PendingId, ChangeOwner Owner, Change Change, DesiredStateDto State, bool Combined, IReadOnlyList<string> Sites, UndoLog Undo);

    private readonly record struct Committed(Flight? Flight, string? Invalid);

    /// <summary>
    /// Commits the change, or answers why it is invalid. A change that touches a site or user another change still has
    /// in flight gives its turn back and waits for that one to end, so an undo record is always its site's newest.
    /// </summary>
    private async Task<Committed> CommitAsync(Actor actor, Func<CancellationToken, Task<Attempt>> makeChange, string? previewedPlan, CancellationToken cancellationToken)
    {
        // Taken before the rows exist, so a pending change whose owner's lock is free is a dead one's, never a slow one's.
        var owner = ChangeOwner.Take(db.Database.GetConnectionString());
        try
        {
            await WarmUpOutsideTheTurnAsync(cancellationToken);
            var told = false;
            while (true)
            {
                await Gate.WaitAsync(cancellationToken);
                Committed? committed;
                try
                {
                    using (Phase("settle orphans"))
                    {
                        await SettleOrphansAsync();
                    }

                    committed = await TryCommitAsync(actor, makeChange, previewedPlan, owner, cancellationToken);
                }
                finally
                {
                    db.ChangeTracker.Clear();
                    Gate.Release();
                }

                if (committed is { } done)
                {
                    if (done.Flight is null)
                    {
                        owner.Dispose();
                    }

                    return done;
                }

                if (!told)
                {
                    told = true;
                    notices?.Queued(1);
                }

                await Task.Delay(OverlapPoll, cancellationToken);
            }
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A process's first change compiles EF's query pipeline and the state's queries: about 0.3 s of CPU in a CLI call,
    /// which, done in the turn, held every other process's change behind it, so 25 concurrent CLI calls reached the
    /// executor one by one, each its own apply. When others hold or wait for the turn, this process runs the same reads
    /// first, outside it (WAL: readers block nobody), once; alone, it skips them (nobody waits, and at 10,000 sites the
    /// state read is ~0.3 s).
    /// </summary>
    private async Task WarmUpOutsideTheTurnAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref warmedUp) != 0 || ChangeQueue.For(db.Database.GetConnectionString()).Length() == 0
            || Interlocked.Exchange(ref warmedUp, 1) != 0)
        {
            return;
        }

        using (Phase("warm up"))
        {
            await db.PendingChanges.AsNoTracking().ToListAsync(cancellationToken);
            await BuildDesiredStateAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>Forgets that this process warmed up, so a test can watch it happen again.</summary>
    internal static void ForgetWarmUp() => Volatile.Write(ref warmedUp, 0);

    /// <summary>Null when the change overlaps one in flight (nothing is kept; try again once it ended).</summary>
    private async Task<Committed?> TryCommitAsync(
        Actor actor, Func<CancellationToken, Task<Attempt>> makeChange, string? previewedPlan, ChangeOwner owner, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var undo = new UndoLog();
        Attempt attempt;
        using (undo.Record(db))
        using (Phase("make change"))
        {
            attempt = await TryMakeChangeAsync(makeChange, cancellationToken);
        }

        if (attempt.Change is not { } change)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return new Committed(null, OneLine(attempt.Invalid ?? "The request was refused."));
        }

        var sites = undo.Sites().Concat(change.Domain is null ? [] : [change.Domain]).Distinct(StringComparer.Ordinal).ToList();
        var users = undo.Users().ToList();
        var inFlight = await db.PendingChanges.AsNoTracking().ToListAsync(cancellationToken);
        if (inFlight.Any(other => Overlaps(other, sites, users)))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return null;
        }

        DesiredStateDto state;
        using (Phase("build state"))
        {
            state = await BuildDesiredStateAsync(cancellationToken);
        }

        if (previewedPlan is not null && await StalePlanAsync(state, previewedPlan, cancellationToken) is { } stale)
        {
            // Nothing was sent to change the host: not audited, like any other refused request.
            await transaction.RollbackAsync(CancellationToken.None);
            return new Committed(null, stale);
        }

        using var numbering = Phase("number and commit");
        var generation = await StateGeneration.NextAsync(db, time, cancellationToken: cancellationToken);
        var pending = new PendingChange
        {
            Owner = owner.Name,
            CreatedAt = time.GetUtcNow(),
            Generation = generation,
            Status = PendingChangeStatus.InFlight,
            Sites = string.Join('\n', sites),
            Users = string.Join('\n', users),
            Actor = actor.Name,
            Action = change.Action,
            Target = change.Target,
            Undo = undo.ToJson(),
        };
        db.PendingChanges.Add(pending);
        await db.SaveChangesAsync(cancellationToken);
        await db.Sites.Where(s => sites.Contains(s.Domain)).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SiteStatus.Pending), cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
        return new Committed(new Flight(pending.Id, owner, change, state with { Generation = generation }, inFlight.Count > 0, sites, undo), null);
    }

    /// <summary>Whether <paramref name="other"/> touched one of these sites (or a www. neighbour of one) or users.</summary>
    private static bool Overlaps(PendingChange other, IReadOnlyList<string> sites, IReadOnlyList<string> users)
    {
        var theirs = WithNeighbours(Lines(other.Sites));
        return WithNeighbours(sites).Overlaps(theirs) || Lines(other.Users).Intersect(users, StringComparer.Ordinal).Any();
    }

    private static HashSet<string> WithNeighbours(IEnumerable<string> domains)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var domain in domains)
        {
            all.Add(domain);
            if (SiteDomain.TryParse(domain, out var parsed, out _))
            {
                all.UnionWith(SiteServerNames.Neighbours(parsed));
            }
        }

        return all;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The current rows numbered with the next generation (above <paramref name="atLeast"/>), in one transaction so the
    /// number and the rows agree. With <paramref name="excludeFailedOthers"/>, every other change that failed and waits to
    /// be retried is left out (undone in a transaction that is rolled back). Called holding the turn.
    /// </summary>
    private async Task<(DesiredStateDto State, bool Others)> NumberedStateAsync(long atLeast, int? excludeFailedOthers)
    {
        DesiredStateDto state;
        bool others;
        await using (var reading = await db.Database.BeginTransactionAsync(CancellationToken.None))
        {
            var pending = await db.PendingChanges.AsNoTracking().ToListAsync(CancellationToken.None);
            others = pending.Any(p => p.Id != excludeFailedOthers);
            if (excludeFailedOthers is { } mine)
            {
                foreach (var failed in pending.Where(p => p.Id != mine && p.Status == PendingChangeStatus.Failed).OrderByDescending(p => p.Id))
                {
                    await UndoLog.Parse(failed.Undo).UndoAsync(db, CancellationToken.None);
                }
            }

            state = await BuildDesiredStateAsync(CancellationToken.None);
            await reading.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
        }

        await using var numbering = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var generation = await StateGeneration.NextAsync(db, time, atLeast, CancellationToken.None);
        await numbering.CommitAsync(CancellationToken.None);
        return (state with { Generation = generation }, others);
    }
}
