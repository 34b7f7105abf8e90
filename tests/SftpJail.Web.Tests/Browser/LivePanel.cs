using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SftpJail.Core.Model;

namespace SftpJail.Web.Tests.Browser;

/// <summary>
/// The real panel process (its build output, run with <c>dotnet</c> as a user would) in Spawn mode: it starts the real
/// executor, which runs a dedicated sshd on a random loopback port. Everything lives under /var/lib/sjweb-{id}; every
/// account name starts with "sjw{id}". Dispose stops both processes and removes every user, group, file and process
/// this fixture made, even when the test failed.
/// </summary>
public sealed partial class LivePanel : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> output = new();
    private readonly Process process;

    private readonly Layout layout;

    private LivePanel(string id, string baseDir, int httpPort, int sshPort, Process process, Layout? layout = null)
    {
        Id = id;
        BaseDir = baseDir;
        HttpPort = httpPort;
        SshPort = sshPort;
        this.process = process;
        this.layout = layout ?? new Layout($"{baseDir}/state", $"{baseDir}/www", $"{baseDir}/etc/keys", $"sjw{id}jail", CreatedGroup: null);
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Id { get; }

    public string BaseDir { get; }

    public int HttpPort { get; }

    public int SshPort { get; }

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    public string Prefix => $"sjw{Id}";

    public string JailGroup => layout.JailGroup;

    public string JailRoot => layout.JailRoot;

    public string StateDir => layout.StateDir;

    /// <summary>The panel process itself (its pid and whether it has exited).</summary>
    public Process Process => process;

    public string Log => string.Join('\n', output);

    /// <param name="extraArgs">More configuration for the panel, e.g. <c>--Panel:CircuitRevalidationSeconds=2</c>.</param>
    public static async Task<LivePanel> StartAsync(params string[] extraArgs)
    {
        var id = new string(Enumerable.Range(0, 6).Select(_ => (char)('a' + Random.Shared.Next(26))).ToArray());
        var baseDir = $"/var/lib/sjweb-{id}";
        // sshd wants every directory above a chroot root-owned and not writable by others.
        Directory.CreateDirectory(baseDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var httpPort = FreePort();
        var sshPort = FreePort();
        var webDir = Path.GetDirectoryName(typeof(SftpJail.Web.PanelExtensions).Assembly.Location)!;

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = webDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        foreach (var arg in new[]
        {
            Path.Combine(webDir, "SftpJail.Web.dll"),
            $"--ConnectionStrings:SftpJail=Data Source={baseDir}/panel.db",
            "--Executor:Mode=Spawn",
            $"--Executor:SocketPath={baseDir}/run/executor.sock",
            "--Host:SshdMode=Dedicated",
            "--Host:ListenAddress=127.0.0.1",
            $"--Host:Port={sshPort}",
            $"--Host:StateDir={baseDir}/state",
            $"--Host:JailRoot={baseDir}/www",
            $"--Host:AuthorizedKeysDir={baseDir}/etc/keys",
            $"--Host:JailGroup=sjw{id}jail",
            "--Logging:Console:FormatterOptions:SingleLine=true",
        }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var panel = new LivePanel(id, baseDir, httpPort, sshPort, Process.Start(start)!);
        await panel.WaitForAsync(SetupUrl(), TimeSpan.FromSeconds(240));
        return panel;
    }

    /// <summary>The one-time setup URL the panel printed to its log.</summary>
    public string SetupLink => SetupUrl().Match(Log).Value;

    public async Task WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!pattern.IsMatch(Log))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The panel exited with code {process.ExitCode}:\n{Log}");
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"The panel did not log {pattern} in time:\n{Log}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>SIGTERM, as systemd or Ctrl+C would, then waits (SIGKILL to the tree after 60 s). Returns whether it exited by itself.</summary>
    public async Task<bool> StopAsync(string signal = "TERM")
    {
        if (process.HasExited)
        {
            return true;
        }

        await HostCommand.RunAsync("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(grace.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM lets the panel stop its executor, which stops its sshd.
        await StopAsync();
        process.Dispose();

        // An executor left behind (its panel was killed, and it failed to notice) would keep its sshd running.
        foreach (var orphan in Directory.EnumerateDirectories("/proc").Where(d => IsOwnExecutor(d)))
        {
            await HostCommand.RunAsync("kill", ["-KILL", Path.GetFileName(orphan)]);
        }

        var profile = new HostProfileOptions { SshdMode = "Dedicated", StateDir = layout.StateDir, JailRoot = layout.JailRoot, AuthorizedKeysDir = layout.KeysDir }.ToProfile();
        var pidFile = Path.Combine(profile.SshdMainConfigPath.Parent!.Value, "sshd.pid");
        foreach (var daemonPidFile in new[] { pidFile, Path.Combine(layout.StateDir, "nginx", "run", "nginx.pid") })
        {
            if (File.Exists(daemonPidFile) && int.TryParse((await File.ReadAllTextAsync(daemonPidFile)).Trim(), out var daemonPid) && Directory.Exists($"/proc/{daemonPid}"))
            {
                await HostCommand.RunAsync("kill", [daemonPid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }
        }

        foreach (var user in (await File.ReadAllLinesAsync("/etc/passwd")).Select(l => l.Split(':')[0]).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            await HostCommand.RunAsync("userdel", [user]);
        }

        foreach (var group in (await File.ReadAllLinesAsync("/etc/group")).Select(l => l.Split(':')[0]).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) || IsCreatedGroup(n)))
        {
            await HostCommand.RunAsync("groupdel", [group]);
        }

        if (Directory.Exists(BaseDir))
        {
            Directory.Delete(BaseDir, recursive: true);
        }
    }

    [GeneratedRegex(@"http://[^\s]+/setup\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SetupUrl();

    private void Capture(string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    /// <summary>
    /// The jail group this fixture made, and the trait groups (Host:ReadOnlyGroup… default to its name plus a suffix) and
    /// site groups (its name, '-', the domain with '_' for '.') that came with it.
    /// </summary>
    private bool IsCreatedGroup(string name) =>
        layout.CreatedGroup is { } created && (name == created || name == created + "-ro" || name == created + "-keyonly" || name == created + "-disabled"
            || (name.StartsWith(created + "-", StringComparison.Ordinal) && name.Contains('_', StringComparison.Ordinal)));

    /// <summary>Where this panel keeps its state; <paramref name="CreatedGroup"/> is a jail group without the prefix that this fixture must remove.</summary>
    private sealed record Layout(string StateDir, string JailRoot, string KeysDir, string JailGroup, string? CreatedGroup);

    private bool IsOwnExecutor(string procDir)
    {
        try
        {
            var commandLine = File.ReadAllText(Path.Combine(procDir, "cmdline")).Replace('\0', ' ');
            return commandLine.Contains("SftpJail.Executor.dll", StringComparison.Ordinal) && commandLine.Contains(BaseDir + "/", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
