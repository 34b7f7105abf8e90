using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Entities;
using SftpJail.Data.Storage;

namespace SftpJail.Data.Services;

/// <summary>Finding the culprit when a state that held several changes failed.</summary>
public sealed partial class SiteService
{
    private static readonly TimeSpan RetryPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The change failed in a state that held other changes too, so it may be innocent. It is marked failed, waits until
    /// no other change is in flight (each is answered without the queue, so that ends), then, holding the turn so nothing
    /// new commits, it is sent alone: the rows of every settled change plus its own, with every other failed change left
    /// out. Nothing still in flight is left out, so no state ever takes a change off the host that was applied and not yet
    /// settled. Applied alone: it was innocent. Failed alone: it is the culprit, undone and audited.
    /// </summary>
    private async Task<OperationResult> RetryAloneAsync(Actor actor, Flight flight)
    {
        await InTurnAsync(() => db.PendingChanges.Where(p => p.Id == flight.PendingId)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, PendingChangeStatus.Failed), CancellationToken.None));
        while (true)
        {
            await WaitUntilNoOtherInFlightAsync(flight.PendingId);
            await Gate.WaitAsync(CancellationToken.None);
            try
            {
                await SettleOrphansAsync();
                if (!await OtherInFlightAsync(flight.PendingId))
                {
                    var (state, _) = await NumberedStateAsync(0, excludeFailedOthers: flight.PendingId);
                    var outcome = await ApplyOnHostAsync(state, flight.Change.Passwords, CancellationToken.None);
                    if (outcome.Result is { IsStale: true, Generation: { } applied })
                    {
                        (state, _) = await NumberedStateAsync(applied, excludeFailedOthers: flight.PendingId);
                        outcome = await ApplyOnHostAsync(state, flight.Change.Passwords, CancellationToken.None);
                    }

                    return outcome.Result.Succeeded
                        ? await SettleAppliedAsync(actor, flight, outcome)
                        : await SettleFailedAsync(actor, flight, outcome);
                }
            }
            finally
            {
                db.ChangeTracker.Clear();
                Gate.Release();
            }
        }
    }

    private async Task WaitUntilNoOtherInFlightAsync(int mine)
    {
        while (await OtherInFlightAsync(mine))
        {
            await Task.Delay(RetryPoll, CancellationToken.None);
        }
    }

    /// <summary>Whether a live owner's change other than <paramref name="mine"/> still waits for the executor.</summary>
    private async Task<bool> OtherInFlightAsync(int mine)
    {
        var owners = await db.PendingChanges.AsNoTracking()
            .Where(p => p.Id != mine && p.Status == PendingChangeStatus.InFlight)
            .Select(p => p.Owner)
            .ToListAsync(CancellationToken.None);
        return owners.Any(ChangeOwner.IsAlive);
    }
}
