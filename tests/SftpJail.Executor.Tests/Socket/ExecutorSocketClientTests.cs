using System.Net.Sockets;
using System.Text;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Core.Planning;

namespace SftpJail.Executor.Tests.Socket;

public sealed class ExecutorSocketClientTests : IDisposable
{
    private readonly string root = SocketTestServer.CreateRoot();

    private string SocketPath => Path.Combine(root, "executor.sock");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task No_socket_means_the_executor_is_not_running_and_says_where_it_looked()
    {
        var client = new ExecutorSocketClient(SocketPath);

        var ex = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => client.PlanAsync(DesiredStateDto.Empty));

        Assert.Equal($"The executor is not running (no socket at {SocketPath}).", ex.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_socket_nobody_listens_on_is_reported_as_refusing()
    {
        using var dead = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        dead.Bind(new UnixDomainSocketEndPoint(SocketPath));

        var ex = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => new ExecutorSocketClient(SocketPath).GetHostInfoAsync());

        Assert.Contains("refuses connections", ex.Message, StringComparison.Ordinal);
        Assert.Contains(SocketPath, ex.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_executor_that_does_not_answer_in_time_is_unavailable()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.HostInfoDelay = TimeSpan.FromSeconds(10);

        var ex = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => server.CreateClient(TimeSpan.FromMilliseconds(300)).GetHostInfoAsync());

        Assert.Contains("did not answer within", ex.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.HostInfoDelay = TimeSpan.FromSeconds(10);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.CreateClient().GetHostInfoAsync(cancel.Token));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("this is not json\n", "unusable")]
    [InlineData("{\"ok\":true}\n", "without a HostInfo result")]
    [InlineData("{\"ok\":false}\n", "without saying why")]
    [InlineData("{\"ok\":tr", "unusable")]
    [InlineData("", "unusable")]
    public async Task An_unreadable_answer_is_unavailable(string answer, string expected)
    {
        using var listener = Listen();
        var serve = ServeOnceAsync(listener, Encoding.UTF8.GetBytes(answer));

        var ex = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => new ExecutorSocketClient(SocketPath, TimeSpan.FromSeconds(10)).GetHostInfoAsync());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        await serve;
    }

    [Fact(Timeout = 60_000)]
    public async Task An_answer_over_the_message_limit_is_refused()
    {
        using var listener = Listen();
        var huge = new byte[ExecutorJson.MaxMessageBytes + 2];
        huge.AsSpan().Fill((byte)' ');
        huge[^1] = (byte)'\n';
        var serve = ServeOnceAsync(listener, huge);

        var ex = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => new ExecutorSocketClient(SocketPath, TimeSpan.FromSeconds(30)).GetHostInfoAsync());

        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
        await serve;
    }

    [Fact(Timeout = 60_000)]
    public async Task A_request_over_the_message_limit_is_not_sent()
    {
        await using var server = await SocketTestServer.StartAsync();
        var state = new DesiredStateDto([new SiteDto("example.org", true, [new JailUserDto("alice", false, false, false, [new string('A', ExecutorJson.MaxMessageBytes)])])]);

        var ex = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => server.CreateClient().PlanAsync(state));

        Assert.Contains("not sent", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Gateway.PlannedStates);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_server_refuses_a_request_over_the_message_limit_without_reading_it_all()
    {
        await using var server = await SocketTestServer.StartAsync();
        using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(server.SocketPath));
        await using var stream = new NetworkStream(socket);
        var chunk = new byte[1024 * 1024];
        chunk.AsSpan().Fill((byte)' ');

        try
        {
            for (var i = 0; i < (ExecutorJson.MaxMessageBytes / chunk.Length) + 8; i++)
            {
                await stream.WriteAsync(chunk);
            }
        }
        catch (IOException)
        {
            // The server stopped reading at the limit and closed: expected.
        }

        var response = await ExecutorFraming.ReadResponseAsync(stream, ExecutorJson.MaxMessageBytes, CancellationToken.None);

        Assert.False(response.Ok);
        Assert.Contains("exceeds", response.Error, StringComparison.Ordinal);
        Assert.Empty(server.Gateway.PlannedStates);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_server_replaces_an_answer_over_the_message_limit_with_an_error()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.PlanToReturn = new PlanResult([new PlanStep(PlanStepKind.WriteFile, "/etc/big", "write", new string('+', ExecutorJson.MaxMessageBytes))]);

        var plan = await server.CreateClient().PlanAsync(DesiredStateDto.Empty);

        Assert.Empty(plan.Steps);
        Assert.Contains("larger than", plan.Error, StringComparison.Ordinal);
    }

    private System.Net.Sockets.Socket Listen()
    {
        var listener = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        listener.Listen(1);
        return listener;
    }

    private static async Task ServeOnceAsync(System.Net.Sockets.Socket listener, byte[] answer)
    {
        using var connection = await listener.AcceptAsync();
        await using var stream = new NetworkStream(connection);
        await ExecutorFraming.ReadLineAsync(stream, ExecutorJson.MaxMessageBytes, CancellationToken.None);
        try
        {
            await stream.WriteAsync(answer);
        }
        catch (IOException)
        {
            // The client stopped reading once it saw too much.
        }

        connection.Shutdown(SocketShutdown.Both);
    }
}
