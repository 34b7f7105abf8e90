using System.Diagnostics;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Executor.Socket;

namespace SftpJail.Executor.Tests.Socket;

/// <summary>The real executor program, started as a process the way systemd starts it.</summary>
public sealed class ExecutorDaemonTests : IDisposable
{
    private static readonly string ExecutorDll = Path.Combine(AppContext.BaseDirectory, "SftpJail.Executor.dll");

    private readonly string root = SocketTestServer.CreateRoot();

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task The_daemon_serves_the_socket_and_removes_it_on_SIGTERM()
    {
        var socketPath = Path.Combine(root, "run", "executor.sock");
        var start = DotnetExec(["--Executor:SocketPath=" + socketPath, "--Executor:PanelUid=0"]);

        // The environment prefix applies, and the command line beats it.
        start.Environment["SFTPJAIL_Executor__PanelGid"] = "1";
        start.Environment["SFTPJAIL_Executor__SocketPath"] = Path.Combine(root, "wrong", "executor.sock");
        using var daemon = Process.Start(start)!;
        var output = daemon.StandardOutput.ReadToEndAsync();
        var errors = daemon.StandardError.ReadToEndAsync();
        try
        {
            await WaitForSocketAsync(daemon, socketPath, errors);
            Assert.Equal(1u, UnixFileStatus.Read(socketPath)!.Gid);

            try
            {
                await new ExecutorSocketClient(socketPath, TimeSpan.FromSeconds(20)).GetHostInfoAsync();
            }
            catch (ExecutorUnavailableException ex)
            {
                // Until the engine is complete it may refuse; what matters here is that the daemon answered.
                Assert.StartsWith("The executor could not describe the host:", ex.Message, StringComparison.Ordinal);
            }

            using var kill = Process.Start("kill", ["-TERM", daemon.Id.ToString()])!;
            await kill.WaitForExitAsync();
            await daemon.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

            Assert.True(daemon.ExitCode == 0, $"exit {daemon.ExitCode}: {await errors}{await output}");
            Assert.Null(UnixFileStatus.Read(socketPath));
            Assert.False(Directory.Exists(Path.Combine(root, "wrong")));
        }
        finally
        {
            if (!daemon.HasExited)
            {
                daemon.Kill();
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task The_daemon_refuses_to_start_as_an_ordinary_user()
    {
        var start = DotnetExec([$"--Executor:SocketPath={root}/run/executor.sock"]);
        start.FileName = "setpriv";
        start.ArgumentList.Insert(0, "--");
        start.ArgumentList.Insert(1, Path.Combine(Path.GetDirectoryName(Environment.ProcessPath)!, "dotnet"));
        foreach (var (i, arg) in new[] { "--reuid=65534", "--regid=65534", "--clear-groups" }.Index())
        {
            start.ArgumentList.Insert(i, arg);
        }

        var (exitCode, errors) = await RunAsync(start);

        Assert.Equal(1, exitCode);
        Assert.Contains("must run as root", errors, StringComparison.Ordinal);
        Assert.Contains("Executor:AllowNonRoot", errors, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_daemon_reports_a_bad_host_profile_and_exits_1()
    {
        var (exitCode, errors) = await RunAsync(DotnetExec(["--Host:SshdMode=Sideways", $"--Executor:SocketPath={root}/run/executor.sock"]));

        Assert.Equal(1, exitCode);
        Assert.Contains("Host:SshdMode", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_daemon_refuses_a_regular_file_where_its_socket_goes_and_exits_1()
    {
        Directory.CreateDirectory(Path.Combine(root, "run"));
        await File.WriteAllTextAsync(Path.Combine(root, "run", "executor.sock"), "not a socket");

        var (exitCode, errors) = await RunAsync(DotnetExec([$"--Executor:SocketPath={root}/run/executor.sock", "--Executor:PanelUid=0", "--Executor:PanelGid=0"]));

        Assert.Equal(1, exitCode);
        Assert.Contains("not a socket", errors, StringComparison.Ordinal);
        Assert.Equal("not a socket", await File.ReadAllTextAsync(Path.Combine(root, "run", "executor.sock")));
    }

    private static ProcessStartInfo DotnetExec(string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Path.GetDirectoryName(Environment.ProcessPath)!, "dotnet"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(ExecutorDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task<(int ExitCode, string Errors)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return (process.ExitCode, await errors + await output);
    }

    private static async Task WaitForSocketAsync(Process daemon, string socketPath, Task<string> errors)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            try
            {
                await probe.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Not bound or not listening yet.
            }

            if (daemon.HasExited)
            {
                Assert.Fail($"the executor exited ({daemon.ExitCode}): {await errors}");
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the executor did not listen within 30 s");
            await Task.Delay(50);
        }
    }
}
