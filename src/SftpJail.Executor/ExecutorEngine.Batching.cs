using SftpJail.Core.Contract;
using SftpJail.Executor.Queue;

namespace SftpJail.Executor;

/// <summary>Applies go through one queue per engine (and one flock per host): concurrent ones are applied together.</summary>
public sealed partial class ExecutorEngine : ISerializesApplies
{
    private ApplyBatcher? batcher;

    /// <summary>The queue's counters: requests received, applies run on the host, reloads among them.</summary>
    public (int Requests, int Runs, int Reloads) ApplyCounts => (Batcher.Requests, Batcher.Runs, Batcher.Reloads);

    /// <summary>
    /// The queue every apply joins: it waits behind the batch in progress (if any) and is applied together with the
    /// others that queued meanwhile. A state older than the last applied generation is refused as stale, changing nothing.
    /// </summary>
    private ApplyBatcher Batcher => LazyInitializer.EnsureInitialized(ref batcher, () => new ApplyBatcher(this));

    Task<ApplyResult> IBatchedApplyHost.ApplyOnceAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken) =>
        ApplyUnjournaledAsync(state, passwords, cancellationToken);

    Task<IDisposable> IBatchedApplyHost.LockHostAsync(CancellationToken cancellationToken) => LockHostAsync(cancellationToken);

    DesiredStateDto? IBatchedApplyHost.LastApplied() => enrolments.LoadLastApplied();

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
