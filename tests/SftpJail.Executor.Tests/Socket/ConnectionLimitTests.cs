using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Executor.Socket;

namespace SftpJail.Executor.Tests.Socket;

/// <summary>
/// The attack: 1,500 idle connections plus 40 peers each sending 15 MiB held about 1 GB in the executor. Connections
/// are capped, idle ones time out, and request memory beyond each connection's first chunk comes from one budget.
/// </summary>
public sealed class ConnectionLimitTests : IAsyncDisposable
{
    private readonly string root = SocketTestServer.CreateRoot();
    private readonly FakeExecutorGateway gateway = new();
    private ExecutorSocketServer? server;

    private string SocketPath => Path.Combine(root, "executor.sock");

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await server.StopAsync(stop.Token);
            await server.DisposeAsync();
        }

        Directory.Delete(root, recursive: true);
    }

    [Fact(Timeout = 60_000)]
    public async Task Connections_over_the_cap_are_answered_busy_and_closed_and_served_again_once_others_leave()
    {
        await StartAsync(o => o.MaxConnections = 8, readTimeout: TimeSpan.FromSeconds(30));
        var idle = new List<System.Net.Sockets.Socket>();
        for (var i = 0; i < 8; i++)
        {
            idle.Add(await ConnectAsync());
        }

        await WaitUntilAsync(() => server!.OpenConnections == 8);
        var extra = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var socket = await ConnectAsync();
            extra.Add(await ReadToEndAsync(socket));
        }

        var refused = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => Client().GetHostInfoAsync());
        foreach (var socket in idle)
        {
            socket.Dispose();
        }

        await WaitUntilAsync(() => server!.OpenConnections == 0);
        var served = await Client().GetHostInfoAsync();

        Assert.All(extra, answer => Assert.Contains("too many connections", answer, StringComparison.Ordinal));
        Assert.Contains("too many connections", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(served);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_idle_connection_is_answered_and_closed_after_the_read_timeout()
    {
        await StartAsync(readTimeout: TimeSpan.FromMilliseconds(500));
        using var socket = await ConnectAsync();

        var answer = await ReadToEndAsync(socket);

        Assert.Contains("No request received within", answer, StringComparison.Ordinal);
        await WaitUntilAsync(() => server!.OpenConnections == 0);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_request_over_the_configured_limit_is_refused_as_soon_as_the_limit_is_passed()
    {
        await StartAsync(o => o.MaxRequestBytes = 256 * 1024);
        using var socket = await ConnectAsync();

        await socket.SendAsync(Encoding.ASCII.GetBytes(new string(' ', (256 * 1024) + 10)), SocketFlags.None);
        var answer = await ReadToEndAsync(socket);

        Assert.Contains($"exceeds {256 * 1024} bytes", answer, StringComparison.Ordinal);
        Assert.Empty(gateway.PlannedStates);
    }

    [Fact(Timeout = 60_000)]
    public async Task Large_requests_at_once_share_one_memory_budget_and_the_ones_left_over_are_told_the_executor_is_busy()
    {
        // Budget: 4 chunks of 64 KiB beyond each connection's first. Six peers each send 320 KiB and stall (no newline).
        await StartAsync(o => (o.MaxRequestBytes, o.RequestMemoryBytes) = (1024 * 1024, 4 * BoundedRequestReader.ChunkBytes), readTimeout: TimeSpan.FromSeconds(3));
        var peers = new List<System.Net.Sockets.Socket>();
        for (var i = 0; i < 6; i++)
        {
            var socket = await ConnectAsync();
            _ = socket.SendAsync(Encoding.ASCII.GetBytes(new string(' ', 320 * 1024)), SocketFlags.None);
            peers.Add(socket);
        }

        var answers = await Task.WhenAll(peers.Select(ReadToEndAsync));
        foreach (var socket in peers)
        {
            socket.Dispose();
        }

        Assert.Contains(answers, a => a.Contains(BoundedRequestReader.BusyMessage, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.Contains("\"ok\":false", a, StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task The_state_of_100000_sites_with_a_key_each_fits_the_default_limit_and_arrives_whole()
    {
        const string key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0aGlzIGlzIGEgdGVzdCBrZXkgZm9yIHNpemluZyBvbmx5 customer@laptop";
        var state = new DesiredStateDto(Enumerable.Range(0, 100_000)
            .Select(i => new SiteDto($"customer-site-{i:D6}.example.com", true, [new JailUserDto($"cs{i:D6}sftp", false, false, false, [key])]))
            .ToList());
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new ExecutorRequest(ExecutorOperation.Plan, state), ExecutorJson.Options).Length;
        await StartAsync();

        var plan = await Client(TimeSpan.FromSeconds(90)).PlanAsync(state);

        Assert.True(bytes < new ExecutorSocketOptions().MaxRequestBytes, $"{bytes} bytes");
        Assert.Null(plan.Error);
        var received = Assert.Single(gateway.PlannedStates);
        Assert.Equal(100_000, received.Sites.Count);
        Assert.Equal(key, received.Sites[^1].Users[0].Keys[0]);
    }

    private async Task StartAsync(Action<ExecutorSocketOptions>? configure = null, TimeSpan? readTimeout = null)
    {
        var options = new ExecutorSocketOptions { SocketPath = SocketPath, PanelUid = 0, PanelGid = 0 };
        configure?.Invoke(options);
        server = new ExecutorSocketServer(gateway, Microsoft.Extensions.Options.Options.Create(options), NullLogger<ExecutorSocketServer>.Instance)
        {
            RequestReadTimeout = readTimeout ?? TimeSpan.FromSeconds(10),
        };
        await server.StartAsync(CancellationToken.None);
    }

    private ExecutorSocketClient Client(TimeSpan? timeout = null) => new(SocketPath, timeout ?? TimeSpan.FromSeconds(20));

    private async Task<System.Net.Sockets.Socket> ConnectAsync()
    {
        var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        return socket;
    }

    private static async Task<string> ReadToEndAsync(System.Net.Sockets.Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var text = new StringBuilder();
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
            // Reset after the answer: what was read is the answer.
        }

        return text.ToString();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
