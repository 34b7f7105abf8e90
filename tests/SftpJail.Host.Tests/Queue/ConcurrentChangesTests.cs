using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Data;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Executor.Socket;
using SftpJail.Host.Tests.Support;
using Xunit.Abstractions;

namespace SftpJail.Host.Tests.Queue;

/// <summary>
/// The attack: concurrent changes from the panel and from CLI processes failed with "database is locked" or starved.
/// Here 20 real CLI processes and 20 panel-service calls add sites at once, all through one real executor (its socket
/// server over the engine, a dedicated sshd): every one must succeed, once, in an intact audit chain.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ConcurrentChangesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int PerSide = 20;
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>The CLI runs in-process here (its real command line, host and services) to keep 40 changes fast.</summary>
    [Fact(Timeout = 180_000)]
    public Task Twenty_cli_and_twenty_panel_site_adds_at_once_all_succeed_once_with_an_intact_audit_chain() =>
        RunAsync(PerSide, PerSide, realProcesses: false);

    /// <summary>
    /// The same with 20 CLI processes: the queue and SQLite are shared across processes, and changes committed by
    /// different processes reach the executor together, so it runs fewer applies than it gets requests.
    /// </summary>
    [Fact(Timeout = 240_000)]
    public Task Twenty_cli_processes_and_twenty_panel_adds_at_once_all_succeed_once_in_fewer_applies() =>
        RunAsync(PerSide, PerSide, realProcesses: true);

    private async Task RunAsync(int cliCount, int panelCount, bool realProcesses)
    {
        var database = Path.Combine(host.BaseDir, "sftpjail.db");
        var socketPath = Path.Combine(host.BaseDir, "run", "executor.sock");
        await using var server = new ExecutorSocketServer(
            host.Engine,
            Options.Create(new ExecutorSocketOptions { SocketPath = socketPath, PanelUid = 0, PanelGid = 0 }),
            NullLogger<ExecutorSocketServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        var config = WriteCliConfig(database, socketPath);
        using var panel = PanelServices(database, socketPath);
        await panel.Services.MigrateSftpJailDatabaseAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var cli = Enumerable.Range(0, cliCount)
            .Select(i => RunCliAsync(realProcesses, config, "site", "add", $"cli{i}.example", "--user", host.UserName($"c{i}")))
            .ToList();
        var viaPanel = Enumerable.Range(0, panelCount).Select(i => AddThroughPanelAsync(panel.Services, $"panel{i}.example", host.UserName($"p{i}"))).ToList();
        var cliResults = await Task.WhenAll(cli);
        var panelResults = await Task.WhenAll(viaPanel);
        output.WriteLine($"CLI calls took {string.Join(", ", cliResults.Select(r => r.Seconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} s");
        await PrintPendingAsync(panel.Services);

        var counts = host.Engine.ApplyCounts;
        var changes = cliCount + panelCount;
        output.WriteLine($"{changes} changes in {clock.Elapsed.TotalSeconds:F1} s: {counts.Requests} apply requests reached the executor, {counts.Runs} applies ran, {counts.Reloads} reload(s)/start(s)");
        output.WriteLine($"CLI calls told they were queued: {cliResults.Count(r => r.Output.StandardError.Contains("queued behind", StringComparison.Ordinal))}");
        Assert.All(cliResults, r => Assert.True(r.Output.ExitCode == 0, r.Output.All));
        Assert.All(panelResults, r => Assert.True(r.Succeeded, r.Error));
        if (!realProcesses)
        {
            // Separate processes start seconds apart under load, so only the in-process run is sure to make some wait.
            Assert.Contains(cliResults, r => r.Output.StandardError.Contains("busy: queued behind", StringComparison.Ordinal));
        }

        await using var scope = panel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
        var domains = await db.Sites.Select(s => s.Domain).ToListAsync();
        var expected = Enumerable.Range(0, cliCount).Select(i => $"cli{i}.example").Concat(Enumerable.Range(0, panelCount).Select(i => $"panel{i}.example")).Order().ToList();
        Assert.Equal(expected, domains.Order().ToList());
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var verification = await audit.VerifyAsync();
        Assert.True(verification.Intact, string.Join("; ", verification.Problems));
        var rows = await db.Set<AuditEntry>().Where(e => e.Action == "site.add").ToListAsync();
        Assert.Equal(expected, rows.Select(r => r.Target).Order().ToList());
        Assert.All(rows, r => Assert.Equal(AuditResults.Applied, r.Result));
        var users = Enumerable.Range(0, cliCount).Select(i => host.UserName($"c{i}")).Concat(Enumerable.Range(0, panelCount).Select(i => host.UserName($"p{i}")));
        foreach (var user in users)
        {
            Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", user])).ExitCode);
        }

        Assert.True(counts.Reloads < changes, $"{counts.Reloads} reloads for {changes} changes");
        Assert.True(counts.Runs < counts.Requests, $"{counts.Runs} applies ran for {counts.Requests} requests: nothing was combined");
    }

    /// <summary>What is left in flight when a change does not end: who owns it and whether that owner still lives.</summary>
    private async Task PrintPendingAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
        foreach (var pending in await db.PendingChanges.AsNoTracking().ToListAsync())
        {
            var alive = global::SftpJail.Data.Storage.ChangeOwner.IsAlive(pending.Owner);
            output.WriteLine($"still pending: {pending.Id} {pending.Status} gen {pending.Generation} {pending.Target} owner alive: {alive}");
        }
    }

    private static async Task<OperationResult> AddThroughPanelAsync(IServiceProvider services, string domain, string user)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISiteService>().AddSiteAsync(new NewSiteRequest(domain, user), new Actor("panel:test"));
    }

    private static IHost PanelServices(string database, string socketPath)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:SftpJail"] = $"Data Source={database}" });
        builder.AddSftpJailData();
        builder.Services.AddSingleton<IExecutorGateway>(new ExecutorSocketClient(socketPath, TimeSpan.FromMinutes(3)));
        return builder.Build();
    }

    private string WriteCliConfig(string database, string socketPath)
    {
        var path = Path.Combine(host.BaseDir, "sftpjail-socket.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            ConnectionStrings = new { SftpJail = $"Data Source={database}" },
            Executor = new { Mode = "Socket", SocketPath = socketPath },
        }));
        return path;
    }

    private sealed record Timed(HostCommand.Output Output, double Seconds);

    private static async Task<Timed> RunCliAsync(bool realProcess, string config, params string[] args)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var output = await RunCliUntimedAsync(realProcess, config, args);
        return new Timed(output, clock.Elapsed.TotalSeconds);
    }

    private static async Task<HostCommand.Output> RunCliUntimedAsync(bool realProcess, string config, string[] args)
    {
        if (realProcess)
        {
            try
            {
                return await HostCommand.RunAsync(
                    "dotnet",
                    new[] { Path.Combine(AppContext.BaseDirectory, "sftpjail.dll"), "--config", config }.Concat(args),
                    timeoutSeconds: 170);
            }
            catch (TimeoutException timeout)
            {
                return new HostCommand.Output(-1, string.Empty, timeout.Message);
            }
        }

        await Task.Yield();
        using var stdout = new StringWriter();
        using var stderr = new SynchronizedWriter();
        var exit = await global::SftpJail.Cli.CliApplication.RunAsync(["--config", config, .. args], new StringReader(string.Empty), stdout, stderr);
        return new HostCommand.Output(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The queue's notices arrive from its polling loop; one writer per call, but guarded all the same.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly Lock sync = new();

        public override void WriteLine(string? value)
        {
            lock (sync)
            {
                base.WriteLine(value);
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
