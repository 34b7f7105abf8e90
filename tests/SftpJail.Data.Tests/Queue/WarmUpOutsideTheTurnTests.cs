using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SftpJail.Core.Contract;
using SftpJail.Data.Services;
using SftpJail.Data.Storage;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Queue;

/// <summary>
/// A process's first change compiles its queries. Concurrent CLI calls did that while holding the queue's turn, one
/// after another; a change that finds the turn taken now does its reads while it waits, and only the write in its turn.
/// </summary>
/// <remarks>
/// Alone, never beside another class: the phase listener hears every <see cref="SiteService"/> in the process and the
/// warm-up is once per process, so another test's change could commit "while the turn is held" or warm up first (a CI
/// run of f7b54e5 failed that way).
/// </remarks>
[Collection(WarmUpOutsideTheTurnTests.Serial)]
public sealed class WarmUpOutsideTheTurnTests : IDisposable
{
    public const string Serial = "warm-up, alone in the process";

    private readonly string directory = Directory.CreateTempSubdirectory("sftpjail-warmup-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_change_that_finds_the_turn_taken_runs_its_reads_before_its_turn_and_then_succeeds()
    {
        var file = Path.Combine(directory, "sftpjail.db");
        using var host = DataHost(file);
        await host.Services.MigrateSftpJailDatabaseAsync();
        var warmedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = Listen(name =>
        {
            if (name == "warm up")
            {
                warmedUp.TrySetResult();
            }
            else if (name == "number and commit")
            {
                committed.TrySetResult();
            }
        });
        SiteService.ForgetWarmUp();

        Task<OperationResult> adding;
        await using (await ChangeQueue.For(DataExtensions.ResolveConnectionString($"Data Source={file}")).EnterAsync(null, CancellationToken.None))
        {
            adding = AddAsync(host.Services, "warm.example");
            await warmedUp.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            Assert.False(committed.Task.IsCompleted, "the change committed while another held the turn");
        }

        var added = await adding;
        Assert.True(added.Succeeded, added.Error);
        Assert.True(committed.Task.IsCompleted);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_change_alone_in_the_queue_does_not_read_twice()
    {
        var file = Path.Combine(directory, "alone.db");
        using var host = DataHost(file);
        await host.Services.MigrateSftpJailDatabaseAsync();
        var phases = new List<string>();
        using var listener = Listen(name =>
        {
            lock (phases)
            {
                phases.Add(name);
            }
        });
        SiteService.ForgetWarmUp();

        var added = await AddAsync(host.Services, "alone.example");

        Assert.True(added.Succeeded, added.Error);
        lock (phases)
        {
            Assert.Contains("number and commit", phases);
            Assert.DoesNotContain("warm up", phases);
        }
    }

    private static async Task<OperationResult> AddAsync(IServiceProvider services, string domain)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISiteService>().AddSiteAsync(new NewSiteRequest(domain), new Actor("test"));
    }

    private static ActivityListener Listen(Action<string> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SiteService.TimingSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => stopped(activity.OperationName),
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static IHost DataHost(string file)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:SftpJail"] = $"Data Source={file}" });
        builder.AddSftpJailData();
        builder.Services.AddSingleton<IExecutorGateway>(new FakeExecutor());
        return builder.Build();
    }
}

[CollectionDefinition(WarmUpOutsideTheTurnTests.Serial, DisableParallelization = true)]
public sealed class WarmUpOutsideTheTurnCollection;
