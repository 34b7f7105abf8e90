using System.Net.Sockets;
using System.Text;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Executor.Tests.Socket;

/// <summary>The panel and the executor state their contract version on every message and refuse another major version.</summary>
public sealed class ContractVersionTests
{
    private static readonly string Current = ExecutorContract.Current.ToString();

    [Fact(Timeout = 30_000)]
    public async Task Every_request_and_response_on_the_wire_carries_the_current_contract_version_first()
    {
        var request = new MemoryStream();
        await ExecutorFraming.WriteRequestAsync(request, new ExecutorRequest(ExecutorOperation.HostInfo), 1024, CancellationToken.None);
        var response = new MemoryStream();
        await ExecutorFraming.WriteResponseAsync(response, new ExecutorResponse(true), 1024, CancellationToken.None);

        Assert.StartsWith($"{{\"contract\":\"{Current}\",", Encoding.UTF8.GetString(request.ToArray()), StringComparison.Ordinal);
        Assert.StartsWith($"{{\"contract\":\"{Current}\",", Encoding.UTF8.GetString(response.ToArray()), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_executor_refuses_a_panel_of_another_major_version_and_names_both_versions()
    {
        await using var server = await SocketTestServer.StartAsync();

        var response = await SendRawAsync(server.SocketPath, "{\"contract\":\"2.0\",\"operation\":\"HostInfo\"}");

        Assert.False(response.Ok);
        Assert.Equal(
            $"The panel speaks contract 2.0 and this executor speaks contract {Current}: they are from incompatible SftpJail releases " +
            "and will not talk. Install the same release of the panel and the executor (deploy/install.sh) and restart both.",
            response.Error);
        Assert.Equal(Current, response.Contract);
        Assert.Equal(0, server.Gateway.HostInfoCalls);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_version_refusal_wins_over_a_request_the_executor_cannot_parse()
    {
        await using var server = await SocketTestServer.StartAsync();

        var response = await SendRawAsync(server.SocketPath, "{\"operation\":\"SomethingFromTheFuture\",\"state\":7,\"contract\":\"3.2\"}");

        Assert.False(response.Ok);
        Assert.Contains("The panel speaks contract 3.2", response.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_unreadable_version_is_refused_as_such()
    {
        await using var server = await SocketTestServer.StartAsync();

        var response = await SendRawAsync(server.SocketPath, "{\"contract\":\"1.x\",\"operation\":\"HostInfo\"}");

        Assert.False(response.Ok);
        Assert.Contains("The panel speaks an unreadable contract version", response.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.Gateway.HostInfoCalls);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("{\"operation\":\"HostInfo\"}")]
    [InlineData("{\"contract\":\"1.0\",\"operation\":\"HostInfo\"}")]
    [InlineData("{\"contract\":\"1.99\",\"operation\":\"HostInfo\"}")]
    public async Task The_executor_serves_any_minor_version_of_its_major_and_an_unversioned_panel(string request)
    {
        await using var server = await SocketTestServer.StartAsync();

        var response = await SendRawAsync(server.SocketPath, request);

        Assert.True(response.Ok, response.Error);
        Assert.NotNull(response.HostInfo);
        Assert.Equal(1, server.Gateway.HostInfoCalls);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_panel_refuses_an_executor_of_another_major_version_and_says_where_it_is()
    {
        await using var fake = await RawExecutor.StartAsync("{\"contract\":\"2.0\",\"ok\":true,\"hostInfo\":{\"unknown\":1}}");

        var ex = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => new ExecutorSocketClient(fake.SocketPath, TimeSpan.FromSeconds(20)).GetHostInfoAsync());

        Assert.Equal(
            $"The executor on {fake.SocketPath} speaks contract 2.0 and this client (panel or CLI) speaks contract {Current}: they are from incompatible " +
            "SftpJail releases and will not talk. Install the same release of the panel and the executor (deploy/install.sh) and restart both.",
            ex.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_panel_tells_an_older_executor_of_its_major_to_upgrade_when_it_does_not_know_a_request()
    {
        await using var fake = await RawExecutor.StartAsync("{\"ok\":false,\"error\":\"The message is not valid for the executor contract (at $.operation).\"}");

        var plan = await new ExecutorSocketClient(fake.SocketPath, TimeSpan.FromSeconds(20)).PlanAsync(DesiredStateDto.Empty);

        Assert.StartsWith("The message is not valid for the executor contract", plan.Error, StringComparison.Ordinal);
        Assert.Contains($"The executor speaks contract 1.0 and this panel {Current}", plan.Error, StringComparison.Ordinal);
        Assert.Contains("upgrade it", plan.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_real_client_and_server_of_one_release_talk()
    {
        await using var server = await SocketTestServer.StartAsync();

        var info = await server.CreateClient().GetHostInfoAsync();

        Assert.Equal(FakeExecutorGateway.SampleHostInfo.SshdVersion, info.SshdVersion);
    }

    [Theory]
    [InlineData(null, 1, 0)]
    [InlineData("1.1", 1, 1)]
    [InlineData("12.345", 12, 345)]
    public void Versions_parse_as_major_dot_minor(string? text, int major, int minor) =>
        Assert.Equal(new ExecutorContract(major, minor), ExecutorContract.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.")]
    [InlineData(".1")]
    [InlineData("1.1.1")]
    [InlineData("-1.0")]
    [InlineData("1.0 ")]
    [InlineData("١.٠")]
    public void Anything_else_is_no_version(string text) => Assert.Null(ExecutorContract.Parse(text));

    private static async Task<ExecutorResponse> SendRawAsync(string socketPath, string requestLine)
    {
        using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(requestLine + "\n"));
        socket.Shutdown(SocketShutdown.Send);
        var line = await ExecutorFraming.ReadLineAsync(stream, ExecutorJson.MaxMessageBytes, CancellationToken.None);
        return System.Text.Json.JsonSerializer.Deserialize<ExecutorResponse>(line, ExecutorJson.Options)!;
    }

    /// <summary>An "executor" of another release: answers every connection with one fixed line.</summary>
    private sealed class RawExecutor : IAsyncDisposable
    {
        private readonly string root = SocketTestServer.CreateRoot();
        private readonly System.Net.Sockets.Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly CancellationTokenSource stop = new();
        private Task loop = Task.CompletedTask;

        public string SocketPath => Path.Combine(root, "executor.sock");

        public static Task<RawExecutor> StartAsync(string responseLine)
        {
            var fake = new RawExecutor();
            fake.listener.Bind(new UnixDomainSocketEndPoint(fake.SocketPath));
            fake.listener.Listen(4);
            fake.loop = fake.ServeAsync(responseLine);
            return Task.FromResult(fake);
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Dispose();
            try
            {
                await loop;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }

            stop.Dispose();
            Directory.Delete(root, recursive: true);
        }

        private async Task ServeAsync(string responseLine)
        {
            while (!stop.IsCancellationRequested)
            {
                using var connection = await listener.AcceptAsync(stop.Token);
                await using var stream = new NetworkStream(connection);
                await ExecutorFraming.ReadLineAsync(stream, ExecutorJson.MaxMessageBytes, stop.Token);
                await stream.WriteAsync(Encoding.UTF8.GetBytes(responseLine + "\n"), stop.Token);
            }
        }
    }
}
