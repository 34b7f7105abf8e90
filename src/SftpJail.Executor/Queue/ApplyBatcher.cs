using SftpJail.Core.Contract;
using SftpJail.Executor.Apply;

namespace SftpJail.Executor.Queue;

/// <summary>
/// One queue of apply requests per engine. While a batch runs, requests that arrive wait; when it ends, the waiting
/// ones are taken together. Under the host lock each is first checked on its own (stale generation, host access held
/// for root), in generation order, each as if it ran after the one before it, and refused ones are answered and
/// journaled alone. A database's states are cumulative (generation g+1 holds every change of g), so of the admitted
/// ones the newest is applied once, with every admitted waiter's passwords, and each waiter is answered with that
/// result. If the combined apply fails, each admitted state is applied on its own, oldest first, so every change
/// gets its own result and a refused newest state fails no older one. Unversioned states (no generation) are whole
/// independent states: each is applied alone and keeps the last applied generation.
/// </summary>
internal sealed class ApplyBatcher(IBatchedApplyHost host)
{
    private readonly Lock sync = new();
    private readonly List<Pending> queue = [];
    private bool running;
    private int requests;
    private int runs;
    private int reloads;

    /// <summary>Apply requests received.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Applies actually run on the host (one per batch, plus any one-by-one fallbacks).</summary>
    public int Runs => Volatile.Read(ref runs);

    /// <summary>Daemon reloads and starts among the steps the runs applied.</summary>
    public int Reloads => Volatile.Read(ref reloads);

    /// <summary>
    /// Queues the request. A caller that stops waiting before its batch starts is dropped from it; once the batch has
    /// started, the host changes are finished (a half-done apply helps nobody) and only the wait is abandoned.
    /// </summary>
    public Task<ApplyResult> SubmitAsync(ApplyRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        var pending = new Pending(request, new TaskCompletionSource<ApplyResult>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken, ApplyProgress.Current);
        bool start;
        lock (sync)
        {
            queue.Add(pending);
            start = !running;
            running = true;
        }

        if (start)
        {
            _ = Task.Run(WorkAsync, CancellationToken.None);
        }

        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task WorkAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (sync)
            {
                if (queue.Count == 0)
                {
                    running = false;
                    return;
                }

                batch = [.. queue];
                queue.Clear();
            }

            try
            {
                await RunBatchAsync(batch);
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Result.TrySetException(ex);
                }
            }
        }
    }

    private async Task RunBatchAsync(List<Pending> batch)
    {
        var live = new List<Pending>();
        foreach (var pending in batch)
        {
            if (pending.CancellationToken.IsCancellationRequested)
            {
                pending.Result.TrySetCanceled(pending.CancellationToken);
            }
            else
            {
                live.Add(pending);
            }
        }

        if (live.Count == 0)
        {
            return;
        }

        using var hostLock = await ApplyTiming.TimeAsync("host lock", () => host.LockHostAsync(CancellationToken.None));
        var last = ApplyTiming.Time("batch: load last applied", host.LastApplied);
        var applied = last?.Generation ?? 0;
        var baseline = last;
        var admitted = new List<(Pending Pending, Admission Admission)>();
        foreach (var pending in live.Where(p => p.State.Generation is not null).OrderBy(p => p.State.Generation))
        {
            if (pending.State.Generation < applied)
            {
                Answer(pending, Admission.None, ApplyResult.Stale(pending.State.Generation!.Value, applied), BatchShare.Alone);
                continue;
            }

            var admission = ApplyTiming.Time("admit", () => host.Admit(pending.Request, baseline));
            if (admission.Refusal is { } refusal)
            {
                Answer(pending, admission, refusal, BatchShare.Alone);
                continue;
            }

            admitted.Add((pending, admission));
            baseline = pending.State.WithUnsetHostAccessFrom(baseline);
        }

        if (admitted.Count > 0)
        {
            await ApplyTogetherAsync(admitted);
        }

        foreach (var pending in live.Where(p => p.State.Generation is null))
        {
            var admission = host.Admit(pending.Request, host.LastApplied());
            if (admission.Refusal is { } refusal)
            {
                Answer(pending, admission, refusal, BatchShare.Alone);
                continue;
            }

            // Kept at the last applied generation: re-applying the same unversioned state changes no file, not even last-applied.json.
            var numbered = pending.State with { Generation = host.LastApplied()?.Generation ?? 0 };
            Answer(pending, admission, await RunAsync(numbered, pending.Request.Passwords, [pending]), BatchShare.Alone);
        }
    }

    private async Task ApplyTogetherAsync(List<(Pending Pending, Admission Admission)> chain)
    {
        var newest = chain[^1].Pending;
        var together = await RunAsync(newest.State, MergedPasswords(chain.Select(c => c.Pending)), [.. chain.Select(c => c.Pending)]);
        if (together.Succeeded || chain.Count == 1)
        {
            var share = new BatchShare(chain.Count, newest.State.Generation);
            foreach (var (pending, admission) in chain)
            {
                Answer(pending, admission, together, share);
            }

            return;
        }

        foreach (var (pending, admission) in chain)
        {
            Answer(pending, admission, await RunAsync(pending.State, pending.Request.Passwords, [pending]), BatchShare.Alone);
        }
    }

    /// <summary>Reports the run's steps to the waiters it answers (<paramref name="listeners"/>) and nobody else.</summary>
    private async Task<ApplyResult> RunAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, IReadOnlyList<Pending> listeners)
    {
        Interlocked.Increment(ref runs);
        ApplyResult result;
        using (ApplyProgress.ListenAll([.. listeners.Select(p => p.Progress).OfType<IProgress<ApplyProgressEvent>>()]))
        {
            result = await ApplyTiming.TimeAsync("apply", () => host.ApplyOnceAsync(state, passwords, CancellationToken.None));
        }

        Interlocked.Add(ref reloads, result.Applied.Count(s => s.Kind == Core.Planning.PlanStepKind.ReloadService));
        return result.Succeeded ? result with { Generation = state.Generation } : result;
    }

    private void Answer(Pending pending, Admission admission, ApplyResult result, BatchShare share)
    {
        ApplyTiming.Time("journal", () => host.Answered(pending.Request, admission, result, share));
        pending.Result.TrySetResult(result);
    }

    /// <summary>
    /// Every waiter's passwords, the newest winning for a user. One for a user the newest state no longer has makes the
    /// combined apply refuse, and the one-by-one fallback then answers each waiter for itself.
    /// </summary>
    private static List<PasswordChange> MergedPasswords(IEnumerable<Pending> chain)
    {
        var merged = new Dictionary<string, PasswordChange>(StringComparer.Ordinal);
        foreach (var change in chain.SelectMany(p => p.Request.Passwords))
        {
            merged[change.UserName] = change;
        }

        return [.. merged.Values];
    }

    private sealed record Pending(
        ApplyRequest Request,
        TaskCompletionSource<ApplyResult> Result,
        CancellationToken CancellationToken,
        IProgress<ApplyProgressEvent>? Progress = null)
    {
        public DesiredStateDto State => Request.State;
    }
}
