using System.Diagnostics;
using System.Net.Sockets;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Executor.Socket;

namespace SftpJail.Executor.Tests.Socket;

public sealed class PeerCredentialTests
{
    private const int Nobody = 65534;

    [Fact(Timeout = 30_000)]
    public async Task Peer_credentials_name_our_own_process()
    {
        var root = SocketTestServer.CreateRoot();
        try
        {
            var path = Path.Combine(root, "peer.sock");
            using var listener = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            using var client = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
            using var accepted = await listener.AcceptAsync();

            var peer = PeerCredentials.Read(accepted);

            Assert.Equal(Environment.ProcessId, peer.Pid);
            Assert.Equal(SocketNativeMethods.GetEffectiveUserId(), peer.Uid);
            Assert.Equal(SocketNativeMethods.GetEffectiveGroupId(), peer.Gid);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Root_is_refused_when_root_is_not_allowed_and_is_not_the_panel()
    {
        await using var server = await SocketTestServer.StartAsync(o =>
        {
            o.AllowRoot = false;
            o.PanelUid = 4242;
        });

        var ex = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => server.CreateClient().ApplyAsync(DesiredStateDto.Empty, [new PasswordChange("alice", "secret")]));

        Assert.Contains("not allowed", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Gateway.Applies);
    }

    [Fact(Timeout = 30_000)]
    public async Task Root_is_served_when_it_is_the_configured_panel_uid()
    {
        await using var server = await SocketTestServer.StartAsync(o =>
        {
            o.AllowRoot = false;
            o.PanelUid = 0;
        });

        var info = await server.CreateClient().GetHostInfoAsync();

        Assert.Equal(FakeExecutorGateway.SampleHostInfo.JailRoot, info.JailRoot);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_panel_uid_in_the_panel_group_is_served()
    {
        await using var server = await SocketTestServer.StartAsync(o =>
        {
            o.AllowRoot = false;
            o.PanelUid = Nobody;
            o.PanelGid = Nobody;
        });

        var (exitCode, output) = await RequestAsAsync(Nobody, Nobody, server.SocketPath);

        Assert.Equal(0, exitCode);
        Assert.StartsWith($"{{\"contract\":\"{ExecutorContract.Current}\",\"ok\":true,\"hostInfo\":", output, StringComparison.Ordinal);
        Assert.Equal(1, server.Gateway.HostInfoCalls);
    }

    [Fact(Timeout = 30_000)]
    public async Task Another_uid_in_the_socket_group_is_refused()
    {
        await using var server = await SocketTestServer.StartAsync(o =>
        {
            o.PanelUid = 4242;
            o.PanelGid = Nobody;
        });

        var (exitCode, output) = await RequestAsAsync(Nobody, Nobody, server.SocketPath);

        Assert.Equal(0, exitCode);
        Assert.Equal($"{{\"contract\":\"{ExecutorContract.Current}\",\"ok\":false,\"error\":\"not allowed\"}}", output);
        Assert.Equal(0, server.Gateway.HostInfoCalls);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_user_outside_the_socket_group_cannot_even_connect()
    {
        await using var server = await SocketTestServer.StartAsync(o =>
        {
            o.PanelUid = Nobody;
            o.PanelGid = 1;
        });

        var (exitCode, output) = await RequestAsAsync(Nobody, Nobody, server.SocketPath);

        Assert.Equal(2, exitCode);
        Assert.Contains("Permission denied", output, StringComparison.Ordinal);
        Assert.Equal(0, server.Gateway.HostInfoCalls);
    }

    /// <summary>
    /// Sends a HostInfo request from a process running as another uid (perl is part of every Debian base system),
    /// so the kernel records that uid as the peer.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RequestAsAsync(int uid, int gid, string socketPath)
    {
        const string script = """
            use IO::Socket::UNIX;
            my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $ARGV[0]) or do { print "connect: $!"; exit 2 };
            print $s "{\"operation\":\"HostInfo\"}\n";
            my $line = <$s>;
            chomp $line;
            print $line;
            """;
        var start = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--reuid={uid}", $"--regid={gid}", "--clear-groups", "--", "/usr/bin/perl", "-e", script, socketPath })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
