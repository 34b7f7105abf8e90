using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SftpJail.Core.Contract.Socket;
using SftpJail.Data.Services;
using SftpJail.Executor.Socket;

/// <summary>
/// Mode "concurrent": N site adds at once, half through the panel's SiteService and half through real sftpjail CLI
/// processes, all over one executor socket (as in production), against one import batch of N; failures counted.
/// </summary>
internal static class ConcurrentBench
{
    public static async Task RunAsync(int count, int rounds)
    {
        await using var host = BenchHost.Create();
        var key = await Population.PublicKeyAsync(host);
        var database = Path.Combine(host.BaseDir, "sftpjail.db");
        var socket = Path.Combine(host.BaseDir, "run", "executor.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        await using var server = new ExecutorSocketServer(
            host.Engine,
            Options.Create(new ExecutorSocketOptions { SocketPath = socket, PanelUid = 0, PanelGid = 0 }),
            NullLogger<ExecutorSocketServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        using var panel = await Panel.CreateAsync(database, new ExecutorSocketClient(socket, TimeSpan.FromMinutes(10)));
        var config = Path.Combine(host.BaseDir, "cli.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            ConnectionStrings = new { SftpJail = $"Data Source={database}" },
            Executor = new { Mode = "Socket", SocketPath = socket },
        }));
        // SFTPJAIL_BENCH_CLI_DIR: another build of the CLI (e.g. deploy/install.sh's ReadyToRun publish) instead of this build's output.
        var cliDir = Environment.GetEnvironmentVariable("SFTPJAIL_BENCH_CLI_DIR") is { Length: > 0 } other ? other : AppContext.BaseDirectory;
        var cli = Path.Combine(cliDir, "sftpjail.dll");
        var warm = await panel.WithSitesAsync(s => s.ApplyAsync(new Actor("bench")));
        if (!warm.Succeeded)
        {
            throw new InvalidOperationException(warm.Error);
        }

        Console.WriteLine($"CLI: {cli}");
        Console.WriteLine($"concurrent: {count} adds at once ({count / 2} panel service, {count - (count / 2)} CLI processes) vs one import batch of {count}; {rounds} rounds interleaved");
        var (together, batched, startUp) = (new List<double>(), new List<double>(), new List<double>());
        var failures = 0;
        var (runsBefore, requestsBefore) = (host.Engine.ApplyCounts.Runs, host.Engine.ApplyCounts.Requests);
        for (var round = 0; round < rounds; round++)
        {
            var (roundRuns, roundRequests) = (host.Engine.ApplyCounts.Runs, host.Engine.ApplyCounts.Requests);
            var clock = Stopwatch.StartNew();
            using var sampling = new CancellationTokenSource();
            var arrivals = SampleArrivalsAsync(host, clock, sampling.Token);
            var viaPanel = Enumerable.Range(0, count / 2).Select(i => panel.WithSitesAsync(s =>
                s.AddSiteAsync(new NewSiteRequest($"p{round}x{i}.{host.Id}.example", host.User($"p{round}x{i}"), Population.Password(i)), new Actor("bench")))).ToList();
            var viaCli = Enumerable.Range(0, count - (count / 2)).Select(i => Run.CommandAsync("dotnet",
                [cli, "--config", config, "site", "add", $"c{round}x{i}.{host.Id}.example", "--user", host.User($"c{round}x{i}"), "--password-stdin"],
                Population.Password(i) + "\n")).ToList();
            var panelResults = await Task.WhenAll(viaPanel);
            var panelDone = clock.Ms();
            var cliResults = await Task.WhenAll(viaCli);
            together.Add(clock.Ms());
            await sampling.CancelAsync();
            var (lastRequest, lastRun) = await arrivals;
            Console.WriteLine($"  round {round + 1}: all done {together[^1]:F0} ms (panel half {panelDone:F0} ms); the executor got " +
                $"{host.Engine.ApplyCounts.Requests - roundRequests} apply requests (the last by {lastRequest:F0} ms) and ran " +
                $"{host.Engine.ApplyCounts.Runs - roundRuns} applies (the last begun by {lastRun:F0} ms)");

            // What the CLI half costs before any change: as many read-only CLI processes at once (start-up, config, database).
            clock.Restart();
            var lists = await Task.WhenAll(Enumerable.Range(0, count - (count / 2)).Select(_ => Run.CommandAsync("dotnet", [cli, "--config", config, "site", "list"])));
            startUp.Add(clock.Ms());
            if (lists.FirstOrDefault(r => r.ExitCode != 0) is { } failedList)
            {
                Console.WriteLine($"  site list failed: {failedList.StandardError.Trim()}");
            }
            failures += panelResults.Count(r => !r.Succeeded) + cliResults.Count(r => r.ExitCode != 0);
            foreach (var failed in cliResults.Where(r => r.ExitCode != 0).Take(2))
            {
                Console.WriteLine($"  CLI failure: {failed.StandardError.Trim()}");
            }

            clock.Restart();
            var import = await panel.ImportAsync(Population.Csv(host, key, 0, count, $"b{round}x"));
            batched.Add(clock.Ms());
            failures += import.Succeeded ? 0 : count;
        }

        var counts = host.Engine.ApplyCounts;
        Figures.Compare($"{count} concurrent adds", together, batched, "ms", "one batch");
        Console.WriteLine($"  {count - (count / 2)} CLI `site list` processes at once (start-up alone): {Figures.MinMedian(startUp, "ms")}");

        // One import batch starts no process; the CLI half cannot take less than its processes' start-ups (same round).
        Figures.Compare($"{count} concurrent adds", together, [.. batched.Zip(startUp, (b, s) => b + s)], "ms", "one batch + CLI start-ups");
        Console.WriteLine($"  failures: {failures}; the executor got {counts.Requests - requestsBefore} apply requests and ran {counts.Runs - runsBefore} applies");
    }

    /// <summary>Once a second: when the executor's request and run counts last grew (one clock read and two counters each).</summary>
    private static async Task<(double LastRequest, double LastRun)> SampleArrivalsAsync(BenchHost host, Stopwatch clock, CancellationToken stop)
    {
        var (requests, runs) = (host.Engine.ApplyCounts.Requests, host.Engine.ApplyCounts.Runs);
        var (lastRequest, lastRun) = (0.0, 0.0);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
            }

            var counts = host.Engine.ApplyCounts;
            (lastRequest, requests) = counts.Requests > requests ? (clock.Ms(), counts.Requests) : (lastRequest, requests);
            (lastRun, runs) = counts.Runs > runs ? (clock.Ms(), counts.Runs) : (lastRun, runs);
        }

        return (lastRequest, lastRun);
    }
}
