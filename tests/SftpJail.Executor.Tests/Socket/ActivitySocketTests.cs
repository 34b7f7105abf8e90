using SftpJail.Core.Activity;

namespace SftpJail.Executor.Tests.Socket;

public sealed class ActivitySocketTests
{
    [Fact(Timeout = 30_000)]
    public async Task ReadActivity_sends_the_cursor_and_the_events_come_back_whole()
    {
        await using var server = await SocketTestServer.StartAsync();

        var batch = await server.CreateClient().ReadActivityAsync("j s=1;i=a4", 500);

        Assert.Equal(("j s=1;i=a4", 500), Assert.Single(server.Gateway.ActivityReads));
        Assert.Equal(FakeExecutorGateway.SampleActivity.Events, batch.Events);
        Assert.Equal((true, "j s=1;i=a5", true), (batch.SourceFound, batch.Cursor, batch.More));
    }

    [Fact(Timeout = 30_000)]
    public async Task CloseSession_carries_the_user_and_pid_and_returns_the_executors_answer()
    {
        await using var server = await SocketTestServer.StartAsync();

        var result = await server.CreateClient().CloseSessionAsync("site1", 4242);

        Assert.Equal(("site1", 4242), Assert.Single(server.Gateway.SessionCloses));
        Assert.Equal(new SessionCloseResult(false, "refused for the test"), result);
    }
}
