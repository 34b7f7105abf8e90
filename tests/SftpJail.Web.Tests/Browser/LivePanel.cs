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

    private LivePanel(string id, string baseDir, int httpPort, int sshPort, Process process)
    {
        Id = id;
        BaseDir = baseDir;
        HttpPort = httpPort;
        SshPort = sshPort;
        this.process = process;
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

    public string JailGroup => $"{Prefix}jail";

    public string JailRoot => $"{BaseDir}/www";

    public string Log => string.Join('\n', output);

    public static async Task<LivePanel> StartAsync()
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
        })
        {
            start.ArgumentList.Add(arg);
        }

        var panel = new LivePanel(id, baseDir, httpPort, sshPort, Process.Start(start)!);
        await panel.WaitForAsync(SetupUrl(), TimeSpan.FromSeconds(90));
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

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM lets the panel stop its executor, which stops its sshd.
            await HostCommand.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
        var profile = new HostProfileOptions { SshdMode = "Dedicated", StateDir = $"{BaseDir}/state", JailRoot = JailRoot, AuthorizedKeysDir = $"{BaseDir}/etc/keys" }.ToProfile();
        var pidFile = Path.Combine(profile.SshdMainConfigPath.Parent!.Value, "sshd.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var sshdPid) && Directory.Exists($"/proc/{sshdPid}"))
        {
            await HostCommand.RunAsync("kill", [sshdPid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        foreach (var user in (await File.ReadAllLinesAsync("/etc/passwd")).Select(l => l.Split(':')[0]).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            await HostCommand.RunAsync("userdel", [user]);
        }

        foreach (var group in (await File.ReadAllLinesAsync("/etc/group")).Select(l => l.Split(':')[0]).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
