using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using SftpJail.Core.Contract;

namespace SftpJail.Web.Executor;

/// <summary>
/// Development convenience: starts the executor daemon (its build output, with <c>dotnet</c>) as a child process, forwards
/// the panel's "Host" settings to it, waits until it answers on its socket, and stops it when the panel stops.
/// </summary>
public sealed partial class SpawnedExecutor(
    ExecutorConnection connection,
    IOptions<ExecutorOptions> options,
    IConfiguration configuration,
    IHostEnvironment environment,
    IExecutorGateway gateway,
    ILogger<SpawnedExecutor> logger) : IHostedService, IDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(45);

    /// <summary>The settings the executor needs from the panel's configuration (where the jails are, which sshd, which web server).</summary>
    private static readonly string[] ForwardedSections = ["Host", "WebServer"];
    private Process? process;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (connection.Mode != ExecutorMode.Spawn)
        {
            return;
        }

        var assembly = FindExecutorAssembly();
        var socketPath = options.Value.SocketPath;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add($"--Executor:SocketPath={socketPath}");
        start.ArgumentList.Add("--Logging:Console:FormatterName=simple");
        start.ArgumentList.Add("--Logging:Console:FormatterOptions:SingleLine=true");
        // Only this process may talk to the child, over a socket owned by our own uid and group.
        start.ArgumentList.Add($"--Executor:PanelUid={GetEffectiveUserId()}");
        start.ArgumentList.Add($"--Executor:PanelGid={GetEffectiveGroupId()}");
        // What the child starts (sshd, a web server) ends with it, and the child ends with us, even if we are killed.
        start.ArgumentList.Add("--Executor:StopDaemonsOnExit=true");
        start.ArgumentList.Add($"--Executor:ParentPid={Environment.ProcessId}");
        foreach (var section in ForwardedSections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable(makePathsRelative: false))
            {
                if (value is not null)
                {
                    start.ArgumentList.Add($"--{key}={value}");
                }
            }
        }

        LogStarting(logger, assembly, socketPath);
        process = Process.Start(start) ?? throw new InvalidOperationException("The executor process did not start.");
        process.OutputDataReceived += (_, e) => LogChild(e.Data);
        process.ErrorDataReceived += (_, e) => LogChild(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.SpawnStartSeconds));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The executor exited with code {process.ExitCode} during startup; see the log above.");
            }

            try
            {
                var info = await gateway.GetHostInfoAsync(timeout.Token);
                LogReady(logger, info.Mode, info.ListenAddress, info.Port);
                return;
            }
            catch (ExecutorUnavailableException) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(200, timeout.Token);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        // SIGTERM, not Process.Kill (SIGKILL): the executor must get the chance to stop its dedicated sshd and web
        // server (each may take 10 s before it is killed). Not bound to the host's shutdown timeout, which is shorter.
        _ = Kill(process.Id, SigTerm);
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }
    }

    public void Dispose() => process?.Dispose();

    private string FindExecutorAssembly()
    {
        const string FileName = "SftpJail.Executor.dll";
        if (options.Value.SpawnAssemblyPath is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"Executor:SpawnAssemblyPath '{configured}' does not exist.");
        }

        var beside = Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }

        // Running from the source tree (dotnet run): use the executor project's own build output.
        var fromSource = Path.GetFullPath(Path.Combine(environment.ContentRootPath, "..", "SftpJail.Executor", "bin"));
        var found = Directory.Exists(fromSource)
            ? Directory.EnumerateFiles(fromSource, FileName, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return found ?? throw new FileNotFoundException($"Cannot find {FileName}; build src/SftpJail.Executor or set Executor:SpawnAssemblyPath.");
    }

    private void LogChild(string? line)
    {
        if (line is not null)
        {
            LogChildLine(logger, line);
        }
    }

    internal static uint GetEffectiveUserId() => geteuid();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc")]
    private static extern uint getegid();

    internal static uint GetEffectiveGroupId() => getegid();

    private static int Kill(int pid, int signal) => kill(pid, signal);

    [LoggerMessage(LogLevel.Information, "Starting the executor {Assembly} on {SocketPath}")]
    private static partial void LogStarting(ILogger logger, string assembly, string socketPath);

    [LoggerMessage(LogLevel.Information, "Executor ready: sshd mode {Mode} on {Address}:{Port}")]
    private static partial void LogReady(ILogger logger, string mode, string address, int port);

    [LoggerMessage(LogLevel.Information, "executor: {Line}")]
    private static partial void LogChildLine(ILogger logger, string line);
}
