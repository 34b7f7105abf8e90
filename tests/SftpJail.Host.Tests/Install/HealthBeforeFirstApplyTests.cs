using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Contract;
using SftpJail.Executor.Hosting;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Install;

/// <summary>
/// /healthz's sshd check (a banner on the dedicated sshd's port) is green from the executor's start: a fresh host with
/// no customer gets its configuration written and its sshd started, and a host whose sshd is not running has it started.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class HealthBeforeFirstApplyTests : IAsyncLifetime
{
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task A_fresh_host_answers_ssh_once_the_executor_has_started_with_no_customer()
    {
        Assert.False(File.Exists(host.Profile.SshdMainConfigPath.Value));
        Assert.Null(await BannerAsync());

        await new DedicatedSshdAtStart(host.Engine, NullLogger<DedicatedSshdAtStart>.Instance).StartAsync(CancellationToken.None);

        Assert.StartsWith("SSH-2.0-", await BannerAsync(), StringComparison.Ordinal);
        // The state with no customer was applied: a first customer's apply is an ordinary one after it.
        var user = host.UserName("h");
        var applied = await host.ApplyAsync(Of(Site("health.example", User(user))), new PasswordChange(user, "health-before-apply-3"));
        Assert.True(applied.Succeeded, applied.Error);
        Assert.DoesNotContain(applied.Applied, s => s.Summary.Contains("start the dedicated sshd", StringComparison.Ordinal));
        var login = await host.Client.SftpWithPasswordAsync(user, "health-before-apply-3", "pwd");
        Assert.True(login.StandardOutput.Contains("Remote working directory: /html", StringComparison.Ordinal), login.All);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_executor_restart_starts_a_configured_dedicated_sshd_that_is_not_running()
    {
        var user = host.UserName("s");
        Assert.True((await host.ApplyAsync(Of(Site("stopped.example", User(user))))).Succeeded);
        await host.Engine.StopDedicatedDaemonsAsync(CancellationToken.None);
        Assert.Null(await BannerAsync());

        var started = await host.Engine.StartDedicatedSshdAsync(CancellationToken.None);

        Assert.Equal("started the dedicated sshd", started);
        Assert.StartsWith("SSH-2.0-", await BannerAsync(), StringComparison.Ordinal);
        Assert.Null(await host.Engine.StartDedicatedSshdAsync(CancellationToken.None));
    }

    /// <summary>What the panel's sshd health check reads: the first line on the port, or null when nothing answers.</summary>
    private async Task<string?> BannerAsync()
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ConnectAsync("127.0.0.1", host.Port, timeout.Token);
            var buffer = new byte[256];
            var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).Split('\n')[0].Trim();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return null;
        }
    }
}
