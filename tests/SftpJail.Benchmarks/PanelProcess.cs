using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

/// <summary>
/// The real panel (its build output run with <c>dotnet</c>, Kestrel on a free loopback port) over a given SQLite file, in
/// Preview mode (plans only, every apply refused: nothing on the host changes), with the sites grid's Debug timing log
/// switched on. Its output is kept: the one-time setup link and each grid query's server time are read from it.
/// </summary>
internal sealed partial class PanelProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<PanelProcess, byte> Live = new();
    private readonly ConcurrentQueue<string> output = new();
    private readonly ConcurrentQueue<double> gridMs = new();
    private readonly Process process;

    private PanelProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Live[this] = 0;
    }

    public int Port { get; }

    public int ProcessId => process.Id;

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Server time of every sites-grid data request so far, in the order they finished.</summary>
    public IReadOnlyList<double> GridQueries => [.. gridMs];

    public string SetupLink => SetupUrl().Match(string.Join('\n', output)).Value;

    /// <summary>Starts the panel on <paramref name="database"/>; its state, jail and key directories live under <paramref name="dir"/>.</summary>
    public static async Task<PanelProcess> StartAsync(string dir, string database, string jailGroup)
    {
        var port = FreePort();
        // SFTPJAIL_BENCH_PANEL_DIR: another build of the panel (e.g. a ReadyToRun publish) instead of this build's output.
        var webDir = Environment.GetEnvironmentVariable("SFTPJAIL_BENCH_PANEL_DIR") is { Length: > 0 } other
            ? other
            : Path.GetDirectoryName(typeof(SftpJail.Web.PanelExtensions).Assembly.Location)!;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = webDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var arg in new[]
        {
            Path.Combine(webDir, "SftpJail.Web.dll"),
            $"--ConnectionStrings:SftpJail=Data Source={database}",
            "--Executor:Mode=Preview",
            "--Host:SshdMode=Dedicated",
            "--Host:ListenAddress=127.0.0.1",
            $"--Host:Port={FreePort()}",
            $"--Host:StateDir={dir}/state",
            $"--Host:JailRoot={dir}/www",
            $"--Host:AuthorizedKeysDir={dir}/keys",
            $"--Host:JailGroup={jailGroup}",
            "--Logging:Console:FormatterOptions:SingleLine=true",
            $"--Logging:LogLevel:{SftpJail.Web.Components.Pages.Sites.SitesGridLog.Category}=Debug",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var panel = new PanelProcess(Process.Start(start)!, port);
        var clock = Stopwatch.StartNew();
        while (panel.SetupLink.Length == 0)
        {
            if (panel.process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new InvalidOperationException($"the panel did not start:\n{string.Join('\n', panel.output)}");
            }

            await Task.Delay(200);
        }

        return panel;
    }

    /// <summary>The panel process's resident set (VmRSS), in MiB.</summary>
    public double RssMiB()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>CPU time the panel process has used so far (user + system, /proc/pid/stat, 10 ms ticks), in ms: less bent by the machine's load than wall time.</summary>
    public double CpuMs()
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    /// <summary>The panel's resident set split into anonymous memory (GC heaps, JIT code, native allocations) and file-backed pages (mapped assemblies, native libraries), from /proc/pid/smaps_rollup, in MiB.</summary>
    public (double Anon, double File) RssSplitMiB()
    {
        var kib = File.ReadLines($"/proc/{process.Id}/smaps_rollup")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 3 && f[2] == "kB")
            .ToDictionary(f => f[0].TrimEnd(':'), f => long.Parse(f[1], CultureInfo.InvariantCulture));
        return (kib["Anonymous"] / 1024.0, (kib["Rss"] - kib["Anonymous"]) / 1024.0);
    }

    /// <summary>
    /// Waits until at least one grid query after the first <paramref name="before"/> has finished, then until none has
    /// for <paramref name="quiet"/> (typing fires one per pause); returns the server times of those queries.
    /// </summary>
    public async Task<IReadOnlyList<double>> QueriesAfterAsync(int before, TimeSpan quiet, string what)
    {
        var clock = Stopwatch.StartNew();
        while (gridMs.Count <= before)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{what}: no sites-grid query within 60 s");
            }

            await Task.Delay(25);
        }

        var seen = gridMs.Count;
        var still = Stopwatch.StartNew();
        while (still.Elapsed < quiet)
        {
            await Task.Delay(25);
            if (gridMs.Count != seen)
            {
                seen = gridMs.Count;
                still.Restart();
            }
        }

        return [.. gridMs.Skip(before)];
    }

    public static void KillAll()
    {
        foreach (var panel in Live.Keys)
        {
            panel.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Live.TryRemove(this, out _);
        process.Dispose();
    }

    [GeneratedRegex(@"http://[^\s]+/setup\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SetupUrl();

    [GeneratedRegex(@"sites grid query: ([0-9]+(?:\.[0-9]+)?) ms")]
    private static partial Regex GridQuery();

    private void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        var match = GridQuery().Match(line);
        if (match.Success)
        {
            gridMs.Enqueue(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        else if (output.Count < 2000)
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
