using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Executor.Tests.Socket;

/// <summary>Over the socket, "refused" and "failed" stay apart: only the executor's own refusal is a refusal.</summary>
public sealed class ApplyFailureOverSocketTests
{
    private static readonly DesiredStateDto State = new([new SiteDto("example.org", true, [new JailUserDto("alice", false, false, false, [])])]);

    [Fact(Timeout = 30_000)]
    public async Task An_exception_in_the_executor_comes_back_as_a_failure_not_a_refusal()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.Failure = new IOException("open '/var/lib/sftpjail-demo' failed: No such file or directory (errno 2)");

        var apply = await server.CreateClient().ApplyAsync(State, []);

        Assert.False(apply.Succeeded);
        Assert.False(apply.WasRefused);
        Assert.False(apply.IsRefusal);
        Assert.Contains("No such file or directory", apply.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_and_a_failure_keep_their_kind_on_the_wire()
    {
        foreach (var result in new[] { ApplyResult.Refused("name taken"), ApplyResult.Failed("disk full") })
        {
            var json = JsonSerializer.Serialize(new ExecutorResponse(true, Apply: result), ExecutorJson.Options);

            var back = JsonSerializer.Deserialize<ExecutorResponse>(json, ExecutorJson.Options)!.Apply!;

            Assert.Equal(result.WasRefused, back.WasRefused);
            Assert.Equal(result.IsRefusal, back.IsRefusal);
        }
    }
}
