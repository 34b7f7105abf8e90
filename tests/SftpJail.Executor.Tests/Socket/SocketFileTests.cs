using System.Net.Sockets;
using SftpJail.Core.Contract;
using SftpJail.Executor.Socket;

namespace SftpJail.Executor.Tests.Socket;

public sealed class SocketFileTests
{
    // daemon:daemon exists on every Debian and RHEL system and is not root's group.
    private const int DaemonGid = 1;

    [Fact(Timeout = 30_000)]
    public async Task The_socket_is_0660_and_belongs_to_the_panel_group()
    {
        await using var server = await SocketTestServer.StartAsync(o => o.PanelGid = DaemonGid);

        var status = UnixFileStatus.Read(server.SocketPath)!;

        Assert.Equal(UnixFileKind.Socket, status.Kind);
        Assert.Equal(SocketFile.SocketMode, status.Mode);
        Assert.Equal(0u, status.Uid);
        Assert.Equal((uint)DaemonGid, status.Gid);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_missing_socket_directory_is_created_0750_for_the_panel_group()
    {
        await using var server = await SocketTestServer.StartAsync(o => o.PanelGid = DaemonGid);

        var status = UnixFileStatus.Read(Path.GetDirectoryName(server.SocketPath)!)!;

        Assert.Equal(UnixFileKind.Directory, status.Kind);
        Assert.Equal(SocketFile.DirectoryMode, status.Mode);
        Assert.Equal(0u, status.Uid);
        Assert.Equal((uint)DaemonGid, status.Gid);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_empty_root_owned_runtime_directory_is_handed_to_the_panel_group()
    {
        var root = SocketTestServer.CreateRoot();
        var run = Directory.CreateDirectory(Path.Combine(root, "run"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        await using var server = await SocketTestServer.StartAsync(o => o.PanelGid = DaemonGid, root: root);

        Assert.Equal((uint)DaemonGid, UnixFileStatus.Read(run.FullName)!.Gid);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_group_writable_socket_directory_is_refused()
    {
        var root = SocketTestServer.CreateRoot();
        try
        {
            var run = Directory.CreateDirectory(Path.Combine(root, "run"));
            File.SetUnixFileMode(run.FullName, (UnixFileMode)0b111_111_101);

            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => SocketTestServer.StartAsync(root: root));

            Assert.Contains("writable by it alone", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task A_stale_socket_left_by_a_crashed_run_is_replaced()
    {
        var root = SocketTestServer.CreateRoot();
        var path = Path.Combine(root, "run", "executor.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await LeaveStaleSocketAsync(path);

        Assert.Equal(UnixFileKind.Socket, UnixFileStatus.Read(path)!.Kind);

        await using var server = await SocketTestServer.StartAsync(root: root);
        var info = await server.CreateClient().GetHostInfoAsync();

        Assert.Equal(FakeExecutorGateway.SampleHostInfo.Port, info.Port);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_socket_another_executor_listens_on_is_not_taken_over()
    {
        await using var first = await SocketTestServer.StartAsync();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartOnSamePathAsync(first));

        Assert.Contains("already listening", ex.Message, StringComparison.Ordinal);
        Assert.Equal(FakeExecutorGateway.SampleHostInfo.Port, (await first.CreateClient().GetHostInfoAsync()).Port);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("file")]
    [InlineData("directory")]
    [InlineData("symlink")]
    public async Task Something_other_than_a_socket_at_the_path_is_refused_and_left_alone(string kind)
    {
        var root = SocketTestServer.CreateRoot();
        try
        {
            var path = Path.Combine(root, "run", "executor.sock");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var precious = Path.Combine(root, "precious.txt");
            File.WriteAllText(precious, "keep me");
            switch (kind)
            {
                case "file":
                    File.WriteAllText(path, "keep me");
                    break;
                case "directory":
                    Directory.CreateDirectory(path);
                    break;
                default:
                    File.CreateSymbolicLink(path, precious);
                    break;
            }

            var before = UnixFileStatus.Read(path);
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => SocketTestServer.StartAsync(root: root));

            Assert.Contains("not a socket", ex.Message, StringComparison.Ordinal);
            Assert.Equal(before, UnixFileStatus.Read(path));
            Assert.Equal("keep me", File.ReadAllText(precious));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Stopping_removes_the_socket_file()
    {
        var server = await SocketTestServer.StartAsync();
        var path = server.SocketPath;
        var root = server.Root;
        try
        {
            await server.Server.StopAsync(CancellationToken.None);

            Assert.Null(UnixFileStatus.Read(path));
            var ex = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => new Core.Contract.Socket.ExecutorSocketClient(path).GetHostInfoAsync());
            Assert.Contains("not running", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
            Assert.False(Directory.Exists(root));
        }
    }

    /// <summary>
    /// A process that binds and exits without unlinking, as a crashed executor does (.NET's own Socket.Dispose
    /// would remove the file, so perl, which every Debian has, plays the crashed process).
    /// </summary>
    private static async Task LeaveStaleSocketAsync(string path)
    {
        using var perl = System.Diagnostics.Process.Start(
            "/usr/bin/perl",
            ["-MIO::Socket::UNIX", "-e", "IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0]) or die $!", path])!;
        await perl.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Equal(0, perl.ExitCode);
    }

    private static async Task StartOnSamePathAsync(SocketTestServer first)
    {
        var root = Directory.CreateDirectory(Path.Combine(first.Root, "second")).FullName;
        await using var second = await SocketTestServer.StartAsync(o => o.SocketPath = first.SocketPath, root: root);
    }
}
