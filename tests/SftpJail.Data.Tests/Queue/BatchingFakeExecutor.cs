using SftpJail.Core.Contract;
using SftpJail.Core.Planning;

namespace SftpJail.Data.Tests.Queue;

/// <summary>
/// Answers applies the way the executor's batcher does: requests that arrive together are answered together (the
/// newest generation applied once for all), a failed combined apply is retried one state at a time, oldest first, and
/// a generation older than the applied one is refused as stale. <see cref="HoldFirst"/> holds the first requests until
/// that many arrived, so a test decides what is combined.
/// </summary>
public sealed class BatchingFakeExecutor : IExecutorGateway
{
    private readonly Lock sync = new();
    private readonly SemaphoreSlim host = new(1, 1);
    private readonly List<Request> held = [];
    private int requests;
    private int runs;

    /// <summary>When above zero, the first requests wait until this many have arrived and then form one batch.</summary>
    public int HoldFirst { get; set; }

    /// <summary>Why the host refuses a state (null: it applies).</summary>
    public Func<DesiredStateDto, string?> RefuseWhen { get; set; } = _ => null;

    /// <summary>Awaited before a request is answered (the host being slow).</summary>
    public Func<DesiredStateDto, Task>? Before { get; set; }

    public long AppliedGeneration { get; private set; }

    public int Requests => Volatile.Read(ref requests);

    public int Runs => Volatile.Read(ref runs);

    public List<DesiredStateDto> Received { get; } = [];

    public int Waiting
    {
        get
        {
            lock (sync)
            {
                return held.Count;
            }
        }
    }

    public async Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref requests);
        var request = new Request(state, new TaskCompletionSource<ApplyResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        List<Request>? batch = null;
        lock (sync)
        {
            Received.Add(state);
            if (HoldFirst > 0)
            {
                held.Add(request);
                if (held.Count >= HoldFirst)
                {
                    batch = [.. held];
                    held.Clear();
                    HoldFirst = 0;
                }
            }
            else
            {
                batch = [request];
            }
        }

        if (batch is not null)
        {
            _ = Task.Run(() => RunAsync(batch), CancellationToken.None);
        }

        return await request.Answer.Task;
    }

    private async Task RunAsync(List<Request> batch)
    {
        foreach (var request in batch)
        {
            if (Before is { } before)
            {
                await before(request.State);
            }
        }

        await host.WaitAsync();
        try
        {
            var live = new List<Request>();
            foreach (var request in batch.OrderBy(r => r.State.Generation))
            {
                if (request.State.Generation < AppliedGeneration)
                {
                    request.Answer.SetResult(ApplyResult.Stale(request.State.Generation!.Value, AppliedGeneration));
                }
                else
                {
                    live.Add(request);
                }
            }

            if (live.Count == 0)
            {
                return;
            }

            var together = Apply(live[^1].State);
            if (together.Succeeded || live.Count == 1)
            {
                live.ForEach(r => r.Answer.SetResult(together));
                return;
            }

            foreach (var request in live)
            {
                request.Answer.SetResult(Apply(request.State));
            }
        }
        finally
        {
            host.Release();
        }
    }

    private ApplyResult Apply(DesiredStateDto state)
    {
        Interlocked.Increment(ref runs);
        if (RefuseWhen(state) is { } refusal)
        {
            return ApplyResult.Refused(refusal);
        }

        AppliedGeneration = state.Generation ?? AppliedGeneration;
        return new ApplyResult(true, [.. state.Sites.Select(s => new PlanStep(PlanStepKind.WriteFile, s.Domain, "wrote vhost"))], Generation: state.Generation);
    }

    public Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default) => Task.FromResult(new PlanResult([]));

    public Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default) => Task.FromResult(new ReconcileResult([]));

    public Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new HostInfo("OpenSSH_9.2", "Dedicated", "127.0.0.1", 2222, [], "/srv/jail", "sftpjail", "www-data", false));

    public Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default) =>
        Task.FromResult(new EffectiveSettings(userName, []));

    public Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult(FailedLoginReport.NoSource);

    public Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ArrivedKey>>([]);

    private sealed record Request(DesiredStateDto State, TaskCompletionSource<ApplyResult> Answer);
}
