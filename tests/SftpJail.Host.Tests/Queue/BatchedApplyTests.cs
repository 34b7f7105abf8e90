using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using Xunit.Abstractions;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Queue;

/// <summary>Applies that reach the real engine while another runs are applied together and each answered.</summary>
[Collection(HostCollection.Name)]
public sealed class BatchedApplyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task Ten_cumulative_states_sent_at_once_are_applied_in_fewer_runs_and_every_one_succeeds()
    {
        var states = Enumerable.Range(1, 10).Select(Cumulative).ToList();

        var results = await Task.WhenAll(states.Select(state => host.Engine.ApplyAsync(state, [])));

        var counts = host.Engine.ApplyCounts;
        output.WriteLine($"{counts.Requests} requests, {counts.Runs} applies ran, {counts.Reloads} reload(s)/start(s)");
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.True(counts.Runs < counts.Requests, $"{counts.Runs} runs for {counts.Requests} requests");
        Assert.Equal(10, host.Engine.LastApplied?.Generation);
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", host.UserName($"u{i}")])).ExitCode);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task When_the_newest_state_of_a_batch_is_refused_the_older_ones_still_succeed_on_their_own()
    {
        var running = host.Engine.ApplyAsync(Cumulative(1), []);
        var second = host.Engine.ApplyAsync(Cumulative(2), []);
        var third = host.Engine.ApplyAsync(Cumulative(3), []);
        var bad = Cumulative(3) with
        {
            Sites = [.. Cumulative(3).Sites, Site("bad.example", User("bad%user"))],
            Generation = 4,
        };
        var refused = host.Engine.ApplyAsync(bad, []);

        var results = await Task.WhenAll(running, second, third, refused);

        Assert.True(results[0].Succeeded, results[0].Error);
        Assert.True(results[1].Succeeded, results[1].Error);
        Assert.True(results[2].Succeeded, results[2].Error);
        Assert.False(results[3].Succeeded);
        Assert.True(results[3].WasRefused, results[3].Error);
        Assert.Equal(3, host.Engine.LastApplied?.Generation);
        Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", host.UserName("u3")])).ExitCode);
    }

    /// <summary>Generation n: sites 1..n, as a database hands them out one change after another.</summary>
    private DesiredStateDto Cumulative(int n) =>
        new(Enumerable.Range(1, n).Select(i => Site($"s{i}.example", User(host.UserName($"u{i}")))).ToList(), Generation: n);
}
