using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Executor.Hosting;
using SftpJail.Executor.Socket;

namespace SftpJail.Executor.Tests.Socket;

public sealed class ExecutorHostingTests : IDisposable
{
    private readonly string root = SocketTestServer.CreateRoot();

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void The_engine_is_the_gateway_and_the_socket_server_is_hosted()
    {
        using var host = Build("--Host:JailRoot=/srv/jail", "--Executor:PanelUid=0", "--Executor:PanelGid=0");

        Assert.IsType<ExecutorEngine>(host.Services.GetRequiredService<IExecutorGateway>());
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is ExecutorSocketServer);
        Assert.Equal("/srv/jail", host.Services.GetRequiredService<HostProfile>().JailRoot.Value);
    }

    [Fact]
    public void Defaults_match_the_deployment()
    {
        using var host = Build();

        var options = host.Services.GetRequiredService<IOptions<ExecutorSocketOptions>>().Value;

        Assert.Equal("/run/sftpjail/executor.sock", options.SocketPath);
        Assert.Equal("sftpjail-panel", options.PanelUser);
        Assert.Equal("sftpjail-panel", options.PanelGroup);
        Assert.True(options.AllowRoot);
    }

    [Fact]
    public void An_invalid_host_section_stops_start_up_with_the_offending_key()
    {
        var ex = Assert.Throws<ExecutorStartupException>(() => Build("--Host:Family=Solaris"));

        Assert.Contains("Host:Family", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Solaris", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unbindable_host_value_stops_start_up()
    {
        var ex = Assert.Throws<ExecutorStartupException>(() => Build("--Host:Port=twenty-two"));

        Assert.Contains("Host", ex.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("--Executor:SocketPath=relative.sock", "absolute path")]
    [InlineData("--Executor:PanelUser=", "PanelUid")]
    [InlineData("--Executor:PanelUid=-1", "PanelUid")]
    public async Task Invalid_executor_options_stop_start_up(string arg, string expected)
    {
        using var host = Build(arg, "--Executor:PanelGid=0");

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_unknown_panel_user_stops_start_up_with_advice()
    {
        using var host = Build($"--Executor:SocketPath={root}/run/executor.sock", "--Executor:PanelUser=no-such-panel-user", "--Executor:PanelGid=0");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("'no-such-panel-user'", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists($"{root}/run/executor.sock"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Panel_user_and_group_names_resolve_through_the_system_account_database()
    {
        using var host = Build($"--Executor:SocketPath={root}/run/executor.sock", "--Executor:PanelUser=daemon", "--Executor:PanelGroup=daemon");

        await host.StartAsync();
        var panel = host.Services.GetRequiredService<ExecutorSocketServer>().Panel;
        await host.StopAsync();

        Assert.Equal(new PanelIdentity(1, 1), panel);
    }

    private IHost Build(params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = root });
        builder.AddSftpJailExecutor();
        return builder.Build();
    }
}
