using SftpJail.Core.Contract;
using SftpJail.Executor.Audit;
using SftpJail.Executor.Queue;

namespace SftpJail.Executor.Tests.Queue;

/// <summary>The batcher over a scripted host: what is checked per request, what is applied once, what is journaled per request.</summary>
public sealed class ApplyBatcherTests
{
    private static readonly ExecutorCaller Panel = new(1000, 42, "socket");

    [Fact]
    public async Task Requests_that_arrive_while_one_runs_are_applied_in_one_run_and_each_is_journaled_before_it_is_answered()
    {
        var host = new ScriptedHost();
        var batcher = new ApplyBatcher(host);
        var first = batcher.SubmitAsync(Request(1), CancellationToken.None);
        await host.Running.Task;
        var rest = Enumerable.Range(2, 9).Select(g => batcher.SubmitAsync(Request(g), CancellationToken.None)).ToList();
        host.Release.SetResult();

        var results = await Task.WhenAll([first, .. rest]);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal([1L, 10L], host.Applied);
        Assert.Equal(2, batcher.Runs);
        Assert.Equal(10, host.Answers.Count);
        Assert.All(host.Answers.Where(a => a.Generation > 1), a => Assert.Equal(9, a.Share.Requests));
        Assert.All(results.Skip(1), r => Assert.Equal(10, r.Generation));
    }

    [Fact]
    public async Task A_request_held_for_approval_is_answered_alone_and_the_next_is_checked_as_if_it_had_not_run()
    {
        var host = new ScriptedHost { Hold = 3 };
        var batcher = new ApplyBatcher(host);
        var first = batcher.SubmitAsync(Request(1), CancellationToken.None);
        await host.Running.Task;
        var later = Enumerable.Range(2, 3).Select(g => batcher.SubmitAsync(Request(g), CancellationToken.None)).ToList();
        host.Release.SetResult();

        var results = await Task.WhenAll([first, .. later]);

        Assert.True(results[2].WasRefused, results[2].Error);
        Assert.True(results[1].Succeeded && results[3].Succeeded);
        Assert.Equal([1L, 4L], host.Applied);

        // Generation 4 was checked against 2 (the last admitted), not against the held 3.
        Assert.Equal([(2L, 1L), (3L, 2L), (4L, 2L)], host.Admitted.Skip(1).ToList());
    }

    [Fact]
    public async Task A_stale_request_is_refused_without_being_checked_or_applied()
    {
        var host = new ScriptedHost { LastGeneration = 5 };
        var batcher = new ApplyBatcher(host);

        var stale = await batcher.SubmitAsync(Request(4), CancellationToken.None);

        Assert.True(stale.IsStale);
        Assert.Empty(host.Applied);
        Assert.Empty(host.Admitted);
        Assert.Single(host.Answers);
    }

    private static ApplyRequest Request(long generation) => new(new DesiredStateDto([], Generation: generation), [], Panel);

    private sealed class ScriptedHost : IBatchedApplyHost
    {
        private readonly Lock sync = new();

        public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long? Hold { get; init; }

        public long LastGeneration { get; set; }

        public List<long> Applied { get; } = [];

        public List<(long Generation, long Baseline)> Admitted { get; } = [];

        public List<(long? Generation, BatchShare Share)> Answers { get; } = [];

        public async Task<ApplyResult> ApplyOnceAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken)
        {
            lock (sync)
            {
                Applied.Add(state.Generation!.Value);
            }

            if (Applied.Count == 1)
            {
                Running.SetResult();
                await Release.Task;
            }

            LastGeneration = state.Generation!.Value;
            return new ApplyResult(true, []);
        }

        public Task<IDisposable> LockHostAsync(CancellationToken cancellationToken) => Task.FromResult<IDisposable>(new Nothing());

        public DesiredStateDto? LastApplied() => LastGeneration == 0 ? null : new DesiredStateDto([], Generation: LastGeneration);

        public Admission Admit(ApplyRequest request, DesiredStateDto? baseline)
        {
            Admitted.Add((request.State.Generation!.Value, baseline?.Generation ?? 0));
            return request.State.Generation == Hold ? new Admission(ApplyResult.Refused("needs root's approval"), [], true) : Admission.None;
        }

        public void Answered(ApplyRequest request, Admission admission, ApplyResult result, BatchShare share)
        {
            lock (sync)
            {
                Answers.Add((request.State.Generation, share));
            }
        }

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
