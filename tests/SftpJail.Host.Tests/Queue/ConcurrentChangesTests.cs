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

    [Fact(Timeout = 240_000)]
    public async Task Twenty_cli_and_twenty_panel_site_adds_at_once_all_succeed_once_with_an_intact_audit_chain()
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

        var cli = Enumerable.Range(0, PerSide).Select(i => RunCliAsync(config, "site", "add", $"cli{i}.example", "--user", host.UserName($"c{i}"))).ToList();
        var viaPanel = Enumerable.Range(0, PerSide).Select(i => AddThroughPanelAsync(panel.Services, $"panel{i}.example", host.UserName($"p{i}"))).ToList();
        var cliResults = await Task.WhenAll(cli);
        var panelResults = await Task.WhenAll(viaPanel);

        var counts = host.Engine.ApplyCounts;
        output.WriteLine($"{2 * PerSide} changes: {counts.Requests} apply requests reached the executor, {counts.Runs} applies ran, {counts.Reloads} reload(s)/start(s)");
        output.WriteLine($"CLI calls told they were queued: {cliResults.Count(r => r.StandardError.Contains("queued behind", StringComparison.Ordinal))}");
        Assert.All(cliResults, r => Assert.True(r.ExitCode == 0, r.All));
        Assert.All(panelResults, r => Assert.True(r.Succeeded, r.Error));
        Assert.Contains(cliResults, r => r.StandardError.Contains("busy: queued behind", StringComparison.Ordinal));

        await using var scope = panel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
        var domains = await db.Sites.Select(s => s.Domain).ToListAsync();
        var expected = Enumerable.Range(0, PerSide).SelectMany(i => new[] { $"cli{i}.example", $"panel{i}.example" }).Order().ToList();
        Assert.Equal(expected, domains.Order().ToList());
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var verification = await audit.VerifyAsync();
        Assert.True(verification.Intact, string.Join("; ", verification.Problems));
        var rows = await db.Set<AuditEntry>().Where(e => e.Action == "site.add").ToListAsync();
        Assert.Equal(expected, rows.Where(r => r.Result == AuditResults.Applied).Select(r => r.Target).Order().ToList());
        Assert.All(rows, r => Assert.Equal(AuditResults.Applied, r.Result));
        foreach (var user in Enumerable.Range(0, PerSide).SelectMany(i => new[] { host.UserName($"c{i}"), host.UserName($"p{i}") }))
        {
            Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", user])).ExitCode);
        }

        Assert.True(counts.Reloads < 2 * PerSide, $"{counts.Reloads} reloads for {2 * PerSide} changes");
        Assert.True(counts.Runs <= counts.Requests);
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

    private static Task<HostCommand.Output> RunCliAsync(string config, params string[] args) =>
        HostCommand.RunAsync(
            "dotnet",
            new[] { Path.Combine(AppContext.BaseDirectory, "sftpjail.dll"), "--config", config }.Concat(args),
            timeoutSeconds: 200);
}
