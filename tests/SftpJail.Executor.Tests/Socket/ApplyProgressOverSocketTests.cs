using System.Net.Sockets;
using System.Text;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Core.Planning;

namespace SftpJail.Executor.Tests.Socket;

/// <summary>A streamed apply sends its steps as progress lines before the final response, over the real socket server.</summary>
public sealed class ApplyProgressOverSocketTests
{
    private static readonly DesiredStateDto State = new([new SiteDto("example.org", true, [new JailUserDto("alice", false, false, false, [])])]);

    private static readonly PlanStep[] Steps =
    [
        new(PlanStepKind.CreateUser, "alice", "create user alice"),
        new(PlanStepKind.WriteFile, "/etc/ssh/sshd_config.d/50-sftpjail.conf", "update (SshdDropIn)", "--- a\n+++ b\n+Match Group sftpjail\n"),
        new(PlanStepKind.ReloadService, "sshd", "validate and reload sshd"),
    ];

    [Fact(Timeout = 30_000)]
    public async Task A_listening_client_gets_every_step_started_and_done_before_the_result()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.ProgressSteps = Steps;
        var seen = new List<ApplyProgressEvent>();

        ApplyResult apply;
        using (ApplyProgress.Listen(new Recorder(seen)))
        {
            apply = await server.CreateClient().ApplyAsync(State, []);
        }

        Assert.True(apply.Succeeded);
        Assert.Equal(6, seen.Count);
        Assert.Equal(
            ["1/3 CreateUser alice started", "1/3 CreateUser alice done", "2/3 WriteFile /etc/ssh/sshd_config.d/50-sftpjail.conf started",
             "2/3 WriteFile /etc/ssh/sshd_config.d/50-sftpjail.conf done", "3/3 ReloadService sshd started", "3/3 ReloadService sshd done"],
            seen.Select(e => $"{e.Index}/{e.Total} {e.Step.Kind} {e.Step.Target} {(e.Done ? "done" : "started")}"));
        Assert.All(seen, e => Assert.Null(e.Step.Diff)); // a progress line stays small: diffs are in the plan, not in the stream
    }

    [Fact(Timeout = 30_000)]
    public async Task A_client_that_does_not_ask_gets_only_the_final_response_as_before()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.ProgressSteps = Steps;

        // An older client's request: no streamProgress field at all.
        var lines = await ExchangeRawAsync(server.SocketPath, """{"operation":"Apply","state":{"sites":[{"domain":"example.org","enabled":true,"users":[{"name":"alice","readOnly":false,"disabled":false,"keyOnly":false,"keys":[]}]}]}}""");

        var line = Assert.Single(lines);
        Assert.Contains("\"apply\":", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\"progress\"", line, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_streamed_apply_sends_progress_lines_then_exactly_one_final_line()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.ProgressSteps = Steps;

        var lines = await ExchangeRawAsync(server.SocketPath, """{"operation":"Apply","streamProgress":true,"state":{"sites":[{"domain":"example.org","enabled":true,"users":[{"name":"alice","readOnly":false,"disabled":false,"keyOnly":false,"keys":[]}]}]}}""");

        Assert.Equal(7, lines.Count);
        Assert.All(lines[..6], l => Assert.Contains("\"ok\":true,\"progress\":", l, StringComparison.Ordinal));
        Assert.All(lines[..6], l => Assert.True(Encoding.UTF8.GetByteCount(l) < 64 * 1024));
        Assert.Contains("\"apply\":", lines[6], StringComparison.Ordinal);
        Assert.DoesNotContain("\"progress\"", lines[6], StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_client_that_hangs_up_mid_stream_does_not_stop_the_apply()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.ProgressSteps = Steps;
        server.Gateway.ApplyGate = new TaskCompletionSource();
        using (var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(server.SocketPath));
            await socket.SendAsync(Encoding.UTF8.GetBytes("""{"operation":"Apply","streamProgress":true,"state":{"sites":[]}}""" + "\n"));
            await server.Gateway.ApplyStarted.WaitAsync(TimeSpan.FromSeconds(10));
        }

        server.Gateway.ApplyGate.SetResult();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await server.Server.StopAsync(stop.Token); // waits for the request in flight to finish, as a run to its end
        Assert.Single(server.Gateway.Applies);
        Assert.Equal(0, server.Server.OpenConnections);
    }

    private static async Task<List<string>> ExchangeRawAsync(string socketPath, string request)
    {
        using var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket);
        await socket.SendAsync(Encoding.UTF8.GetBytes(request + "\n"));
        socket.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private sealed class Recorder(List<ApplyProgressEvent> seen) : IProgress<ApplyProgressEvent>
    {
        public void Report(ApplyProgressEvent value) => seen.Add(value);
    }
}
