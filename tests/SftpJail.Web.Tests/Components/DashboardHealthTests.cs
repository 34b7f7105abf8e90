using System.Net;
using System.Net.Sockets;
using Bunit;
using SftpJail.Core.Contract;
using SftpJail.Web.Components.Pages;
using SftpJail.Web.Tests.Fixtures;
using SftpJail.Web.Tests.Operations;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The dashboard's sshd and web-server chips come from real probes of real sockets (loopback listeners standing in
/// for the daemons), not from what the executor says is configured.
/// </summary>
public sealed class DashboardHealthTests(DashboardHealthTests.World world) : IClassFixture<DashboardHealthTests.World>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Listening_daemons_are_up_and_the_same_ports_closed_are_down_after_refresh()
    {
        using var sshd = new BannerServer("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
        using var web = new BannerServer("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        world.PointAt(sshd.Port, web.Port);
        await using var circuit = new CircuitHarness(world.Panel);
        await circuit.SignInAsync(world.Staff);
        var home = circuit.Render<Home>();

        home.WaitForAssertion(() => Assert.Equal(("up", "up"), Chips(home)), Wait);
        Assert.Matches($@"^an SSH banner from 127\.0\.0\.1:{sshd.Port} in \d+ ms$", Reason(home, "sshd"));
        Assert.Matches($@"^an HTTP reply from 127\.0\.0\.1:{web.Port} in \d+ ms$", Reason(home, "web"));

        sshd.Dispose();
        web.Dispose();
        home.Find("[data-refresh]").Click();

        home.WaitForAssertion(() => Assert.Equal(("down", "down"), Chips(home)), Wait);
        Assert.Equal($"nothing listens on 127.0.0.1:{sshd.Port} (connection refused)", Reason(home, "sshd"));
        Assert.Equal($"nothing listens on 127.0.0.1:{web.Port} (connection refused)", Reason(home, "web"));
    }

    [Fact]
    public async Task A_port_that_accepts_and_never_answers_is_down_after_the_time_limit()
    {
        // Connections complete in the kernel's backlog; nothing ever accepts or writes.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            using var notSsh = new BannerServer("HTTP/1.1 200 OK\r\n\r\n");
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            world.PointAt(sshdPort: notSsh.Port, webPort: port);
            await using var circuit = new CircuitHarness(world.Panel);
            await circuit.SignInAsync(world.Staff);
            var home = circuit.Render<Home>();

            home.WaitForAssertion(() => Assert.Equal(("down", "down"), Chips(home)), Wait);
            Assert.Equal($"127.0.0.1:{notSsh.Port} answers, but not with an SSH banner", Reason(home, "sshd"));
            Assert.Equal($"no answer from 127.0.0.1:{port} within 2 s", Reason(home, "web"));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Without_the_executor_both_are_unknown_and_an_unmanaged_web_server_is_not_probed()
    {
        await using var circuit = new CircuitHarness(world.Panel);
        await circuit.SignInAsync(world.Staff);
        world.Panel.Executor.HostInfoFailure = "cannot connect (test)";
        try
        {
            var home = circuit.Render<Home>();
            home.WaitForAssertion(() => Assert.Equal(("unknown", "unknown"), Chips(home)), Wait);
            Assert.Contains("where it listens is not known", Reason(home, "sshd"), StringComparison.Ordinal);

            world.Panel.Executor.HostInfoFailure = null;
            world.Panel.Executor.Web = null;
            using var sshd = new BannerServer("SSH-2.0-OpenSSH_9.2p1\r\n");
            world.Panel.Executor.SshdPort = sshd.Port;
            home.Find("[data-refresh]").Click();
            home.WaitForAssertion(() => Assert.Equal(("up", "none"), Chips(home)), Wait);
            Assert.Equal("the executor manages no web server", Reason(home, "web"));
        }
        finally
        {
            world.Panel.Executor.HostInfoFailure = null;
        }
    }

    private static (string? Sshd, string? Web) Chips(IRenderedComponent<Home> home) =>
        (home.Find("[data-sshd-health]").GetAttribute("data-sshd-health"), home.Find("[data-web-health]").GetAttribute("data-web-health"));

    private static string Reason(IRenderedComponent<Home> home, string which) => home.Find($"[data-{which}-reason]").TextContent.Trim();

    public sealed class World : IAsyncLifetime
    {
        public PanelFactory Panel { get; } = new();

        public TestAccount Staff { get; private set; } = default!;

        public void PointAt(int sshdPort, int webPort)
        {
            Panel.Executor.SshdPort = sshdPort;
            Panel.Executor.Web = new WebServerInfo("Nginx", "Dedicated", "0.0.0.0", webPort, null);
        }

        public async Task InitializeAsync() => Staff = await Panel.CreateStaffAsync();

        public async Task DisposeAsync() => await Panel.DisposeAsync();
    }
}
