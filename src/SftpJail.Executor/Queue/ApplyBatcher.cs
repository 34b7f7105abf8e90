using SftpJail.Core.Contract;

namespace SftpJail.Executor.Queue;

/// <summary>
/// One queue of apply requests per engine. While an apply runs, requests that arrive wait; when it ends, the waiting
/// ones are applied together: a database's states are cumulative (generation g+1 holds every change of g), so the
/// newest one is applied once, with every waiter's passwords, and each waiter is answered with that result. A
/// state older than the last applied one is refused as stale. If the combined apply fails, each waiter's state is
/// applied on its own, oldest first, so every change gets its own result. Unversioned states (no generation) are
/// whole independent states: each is applied alone and keeps the last applied generation.
/// </summary>
internal sealed class ApplyBatcher(
    Func<DesiredStateDto, IReadOnlyList<PasswordChange>, CancellationToken, Task<ApplyResult>> applyOnce,
    Func<CancellationToken, Task<IDisposable>> lockHost,
    Func<long> appliedGeneration)
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
    /// Queues the state. A caller that stops waiting before its batch starts is dropped from it; once the batch has
    /// started, the host changes are finished (a half-done apply helps nobody) and only the wait is abandoned.
    /// </summary>
    public Task<ApplyResult> SubmitAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        var pending = new Pending(state, passwords, new TaskCompletionSource<ApplyResult>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken, ApplyProgress.Current);
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

        using var host = await lockHost(CancellationToken.None);
        var applied = appliedGeneration();
        var fresh = new List<Pending>();
        foreach (var pending in live.Where(p => p.State.Generation is not null))
        {
            if (pending.State.Generation < applied)
            {
                pending.Result.TrySetResult(ApplyResult.Stale(pending.State.Generation!.Value, applied));
            }
            else
            {
                fresh.Add(pending);
            }
        }

        if (fresh.Count > 0)
        {
            await ApplyTogetherAsync(fresh.OrderBy(p => p.State.Generation).ToList());
        }

        foreach (var pending in live.Where(p => p.State.Generation is null))
        {
            // Kept at the last applied generation: re-applying the same unversioned state changes no file, not even last-applied.json.
            var numbered = pending.State with { Generation = appliedGeneration() };
            pending.Result.TrySetResult(await RunAsync(numbered, pending.Passwords, [pending]));
        }
    }

    private async Task ApplyTogetherAsync(List<Pending> chain)
    {
        var newest = chain[^1];
        var together = await RunAsync(newest.State, MergedPasswords(chain), chain);
        if (together.Succeeded || chain.Count == 1)
        {
            foreach (var pending in chain)
            {
                pending.Result.TrySetResult(together);
            }

            return;
        }

        foreach (var pending in chain)
        {
            pending.Result.TrySetResult(await RunAsync(pending.State, pending.Passwords, [pending]));
        }
    }

    /// <summary>Reports the run's steps to the waiters it answers (<paramref name="listeners"/>) and nobody else.</summary>
    private async Task<ApplyResult> RunAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, IReadOnlyList<Pending> listeners)
    {
        Interlocked.Increment(ref runs);
        ApplyResult result;
        using (ApplyProgress.ListenAll([.. listeners.Select(p => p.Progress).OfType<IProgress<ApplyProgressEvent>>()]))
        {
            result = await applyOnce(state, passwords, CancellationToken.None);
        }

        Interlocked.Add(ref reloads, result.Applied.Count(s => s.Kind == Core.Planning.PlanStepKind.ReloadService));
        return result.Succeeded ? result with { Generation = state.Generation } : result;
    }

    /// <summary>
    /// Every waiter's passwords, the newest winning for a user. One for a user the newest state no longer has makes the
    /// combined apply refuse, and the one-by-one fallback then answers each waiter for itself.
    /// </summary>
    private static List<PasswordChange> MergedPasswords(List<Pending> chain)
    {
        var merged = new Dictionary<string, PasswordChange>(StringComparer.Ordinal);
        foreach (var change in chain.SelectMany(p => p.Passwords))
        {
            merged[change.UserName] = change;
        }

        return [.. merged.Values];
    }

    private sealed record Pending(
        DesiredStateDto State,
        IReadOnlyList<PasswordChange> Passwords,
        TaskCompletionSource<ApplyResult> Result,
        CancellationToken CancellationToken,
        IProgress<ApplyProgressEvent>? Progress = null);
}
