using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SftpJail.Core.Contract;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Data.Storage;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Hosting;

public sealed class DataExtensionsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sftpjail-data-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task The_registered_services_work_on_a_migrated_file_database_created_with_its_directory()
    {
        var file = Path.Combine(directory, "nested", "state", "sftpjail.db");
        using var host = DataHost(file, services => services.AddSingleton<IExecutorGateway>(new FakeExecutor()));

        await host.Services.MigrateSftpJailDatabaseAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<ISiteService>().AddSiteAsync(new NewSiteRequest("site1.com"), new Actor("test"));
        var verification = await scope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync();

        Assert.True(added.Succeeded, added.Error);
        Assert.Equal(1, verification.EntriesChecked);
        Assert.True(File.Exists(file));
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Code_that_needs_only_the_database_gets_a_context_of_its_own_from_the_factory_and_a_scope_keeps_one_per_scope()
    {
        var file = Path.Combine(directory, "sftpjail.db");
        using var host = DataHost(file);
        await host.Services.MigrateSftpJailDatabaseAsync();

        var factory = host.Services.GetRequiredService<IDbContextFactory<SftpJailDbContext>>();
        await using var first = await factory.CreateDbContextAsync();
        await using var second = await factory.CreateDbContextAsync();
        await using var scopeA = host.Services.CreateAsyncScope();
        await using var scopeB = host.Services.CreateAsyncScope();
        var inA = scopeA.ServiceProvider.GetRequiredService<SftpJailDbContext>();

        Assert.NotSame(first, second);
        Assert.Same(inA, scopeA.ServiceProvider.GetRequiredService<SftpJailDbContext>());
        Assert.NotSame(inA, scopeB.ServiceProvider.GetRequiredService<SftpJailDbContext>());
        Assert.Equal(file, new SqliteConnectionStringBuilder(first.Database.GetConnectionString()).DataSource);
        Assert.Equal(0, await first.Sites.CountAsync());
        Assert.Same(CompiledModel.SftpJailDbContextModel.Instance, first.Model);
    }

    [Fact]
    public async Task A_current_database_is_checked_without_a_turn_in_the_change_queue_so_cli_start_ups_do_not_wait_in_line()
    {
        var file = Path.Combine(directory, "sftpjail.db");
        using var host = DataHost(file);
        await host.Services.MigrateSftpJailDatabaseAsync();

        // A change holds the queue's turn (as a long apply does); a second start-up must not wait for it.
        var queue = QueueOf(file);
        await using (await queue.EnterAsync(null, CancellationToken.None))
        {
            var again = host.Services.MigrateSftpJailDatabaseAsync();
            var finished = await Task.WhenAny(again, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.Same(again, finished);
            await again;
        }
    }

    [Fact]
    public async Task A_database_with_pending_migrations_is_migrated_in_its_turn()
    {
        var file = Path.Combine(directory, "fresh.db");
        using var host = DataHost(file);
        var queue = QueueOf(file);

        Task migrating;
        await using (await queue.EnterAsync(null, CancellationToken.None))
        {
            migrating = host.Services.MigrateSftpJailDatabaseAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(migrating.IsCompleted);
        }

        await migrating;
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    /// <summary>A host with the data layer's registrations over the file database <paramref name="file"/>.</summary>
    private static IHost DataHost(string file, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:SftpJail"] = $"Data Source={file}" });
        builder.AddSftpJailData();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    private static ChangeQueue QueueOf(string file) => ChangeQueue.For(DataExtensions.ResolveConnectionString($"Data Source={file}"));

    [Theory]
    [InlineData("Data Source=/srv/x.db", "Data Source=/srv/x.db;Foreign Keys=True")]
    [InlineData("Data Source=/srv/x.db;Foreign Keys=False", "Data Source=/srv/x.db;Foreign Keys=False")]
    public void A_configured_connection_string_is_kept_with_foreign_keys_on_by_default(string configured, string expected)
    {
        Assert.Equal(expected, DataExtensions.ResolveConnectionString(configured));
    }

    [Fact]
    public void Without_configuration_root_uses_the_state_directory_and_others_the_working_directory()
    {
        var expected = Environment.IsPrivilegedProcess ? "/var/lib/sftpjail/sftpjail.db" : "sftpjail.db";

        Assert.Equal($"Data Source={expected};Foreign Keys=True", DataExtensions.ResolveConnectionString(null));
    }
}
