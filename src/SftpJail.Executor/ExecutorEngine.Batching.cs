using SftpJail.Core.Contract;
using SftpJail.Executor.Queue;

namespace SftpJail.Executor;

/// <summary>Applies go through one queue per engine (and one flock per host): concurrent ones are applied together.</summary>
public sealed partial class ExecutorEngine : ISerializesApplies
{
    private ApplyBatcher? batcher;

    /// <summary>The queue's counters: requests received, applies run on the host, reloads among them.</summary>
    public (int Requests, int Runs, int Reloads) ApplyCounts => (Batcher.Requests, Batcher.Runs, Batcher.Reloads);

    private ApplyBatcher Batcher => LazyInitializer.EnsureInitialized(ref batcher, () => new ApplyBatcher(ApplyUnjournaledAsync, LockHostAsync, AppliedGeneration));

    /// <summary>
    /// Queues <paramref name="state"/> behind the apply in progress (if any) and applies it together with the others
    /// that queued meanwhile. A state older than the last applied generation is refused as stale, changing nothing.
    /// </summary>
    private Task<ApplyResult> ApplyQueuedAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken) =>
        Batcher.SubmitAsync(state, passwords, cancellationToken);

    /// <summary>The generation of the last applied state; 0 before the first apply or for a state stored without one.</summary>
    private long AppliedGeneration() => enrolments.LoadLastApplied()?.Generation ?? 0;

    /// <summary>
    /// The host-wide lock is a flock on the state directory. Before the first apply has made that directory (the plan makes
    /// it, or refuses a missing parent) only this process's engines are serialized, by the engine's own lock.
    /// </summary>
    private async Task<IDisposable> LockHostAsync(CancellationToken cancellationToken) =>
        Directory.Exists(profile.StateDir.Value)
            ? await HostApplyLock.AcquireAsync(profile.StateDir, cancellationToken)
            : NoLock.Instance;

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>A gateway that queues and serializes its own applies, so the socket server need not hold them back.</summary>
internal interface ISerializesApplies;
