using SftpJail.Core.Contract;

namespace SftpJail.Executor.Tests.Socket;

public sealed class SocketConcurrencyTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_second_apply_waits_for_the_first_while_host_info_is_answered_meanwhile()
    {
        await using var server = await SocketTestServer.StartAsync();
        var gateway = server.Gateway;
        gateway.ApplyGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = server.CreateClient();

        var first = client.ApplyAsync(DesiredStateDto.Empty, []);
        Assert.True(await gateway.ApplyStarted.WaitAsync(TimeSpan.FromSeconds(10)), "the first apply never reached the engine");
        var second = client.ApplyAsync(DesiredStateDto.Empty, []);
        var info = await client.GetHostInfoAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var secondStartedEarly = await gateway.ApplyStarted.WaitAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal(FakeExecutorGateway.SampleHostInfo.SshdVersion, info.SshdVersion);
        Assert.False(first.IsCompleted);
        Assert.False(secondStartedEarly, "the second apply ran while the first was still running");

        gateway.ApplyGate.SetResult();
        var results = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(2, gateway.Applies.Count);
        Assert.Equal(1, gateway.MaxAppliesRunning);
    }

    [Fact(Timeout = 30_000)]
    public async Task Many_simultaneous_applies_run_one_at_a_time()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.ApplyDelay = TimeSpan.FromMilliseconds(40);
        var client = server.CreateClient();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ApplyAsync(DesiredStateDto.Empty, [])));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(8, server.Gateway.Applies.Count);
        Assert.Equal(1, server.Gateway.MaxAppliesRunning);
    }

    [Fact(Timeout = 30_000)]
    public async Task Host_info_requests_run_alongside_each_other()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.HostInfoDelay = TimeSpan.FromSeconds(1);
        var client = server.CreateClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetHostInfoAsync()));

        // Six one-second requests one after another would take six seconds.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));
    }
}
