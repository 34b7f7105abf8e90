using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SftpJail.Data.Audit;
using SftpJail.Data.HostAccess;
using SftpJail.Data.Services;

namespace SftpJail.Data;

public static class DataExtensions
{
    /// <summary>The name under <c>ConnectionStrings</c> (environment: <c>SFTPJAIL_ConnectionStrings__SftpJail</c> for the CLI).</summary>
    public const string ConnectionStringName = "SftpJail";

    /// <summary>
    /// Registers the context (and its <see cref="IDbContextFactory{TContext}"/>), <see cref="IAuditLog"/>, <see cref="ISiteService"/> and <see cref="IHostAccessService"/> (scoped). The caller registers the
    /// <see cref="Core.Contract.IExecutorGateway"/> the site service talks to, and runs
    /// <see cref="MigrateSftpJailDatabaseAsync"/> once at start.
    /// </summary>
    public static IHostApplicationBuilder AddSftpJailData(this IHostApplicationBuilder builder)
    {
        var connectionString = ResolveConnectionString(builder.Configuration.GetConnectionString(ConnectionStringName));
        // The factory (singleton) serves code that needs only the database: one context per read, disposed at once. It also
        // registers the context as scoped for what needs the rest of a scope with it (Identity's stores, the site
        // service): the panel's event handlers take a scope per operation (PanelOperations), never one per circuit.
        // The compiled model (dotnet ef dbcontext optimize; CI checks it is current): building the model at first use was
        // about a third of every CLI call's CPU.
        builder.Services.AddDbContextFactory<SftpJailDbContext>(options => options.UseSqlite(connectionString).UseModel(CompiledModel.SftpJailDbContextModel.Instance));
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The executor countersigns audit rows when the gateway is one that can (the engine as root, the socket client).
        builder.Services.AddScoped<IAuditLog>(sp => new AuditLog(
            sp.GetRequiredService<SftpJailDbContext>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<Core.Contract.IExecutorGateway>() as Core.Contract.IAuditNotary));
        builder.Services.AddScoped<ISiteService>(sp => ActivatorUtilities.CreateInstance<SiteService>(sp, ObservedExecutor(sp)));
        builder.Services.AddScoped<ISiteBatch>(services => (SiteService)services.GetRequiredService<ISiteService>());
        builder.Services.AddScoped<Services.Import.SiteImporter>();
        builder.Services.AddScoped<IHostAccessService, HostAccessService>();
        return builder;
    }

    /// <summary>The executor the site service talks to: observed (metrics) when the host registered an <see cref="IApplyObserver"/>.</summary>
    private static Core.Contract.IExecutorGateway ObservedExecutor(IServiceProvider services)
    {
        var executor = services.GetRequiredService<Core.Contract.IExecutorGateway>();
        return services.GetService<IApplyObserver>() is { } observer ? new ObservedExecutorGateway(executor, observer) : executor;
    }

    /// <summary>
    /// The configured connection string, or a file in SftpJail's state directory when running as root and
    /// <c>./sftpjail.db</c> otherwise; foreign keys are switched on unless the string says otherwise.
    /// </summary>
    public static string ResolveConnectionString(string? configured)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? $"Data Source={(Environment.IsPrivilegedProcess ? "/var/lib/sftpjail/sftpjail.db" : "sftpjail.db")}"
            : configured);
        builder.ForeignKeys ??= true;
        return builder.ToString();
    }

    /// <summary>Creates the database file's directory if needed and applies pending migrations; file databases use WAL so readers never block the writer.</summary>
    public static async Task MigrateSftpJailDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
        var file = DatabaseFile(db.Database.GetConnectionString());
        if (file is not null && Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory && !Directory.Exists(directory))
        {
            CreateDatabaseDirectory(directory);
        }

        if (await IsCurrentAsync(db, file is not null, cancellationToken))
        {
            return;
        }

        // In the change queue: migrating writes (EF's migration lock), and behind a stream of changes a writer that only
        // retries on SQLite's busy timeout can starve. Only a database that IsCurrentAsync finds behind gets here.
        await using (await Storage.ChangeQueue.For(db.Database.GetConnectionString()).EnterAsync(null, cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (file is not null)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
    }

    /// <summary>
    /// Whether every migration is applied and a file database is already in WAL mode: two plain reads on the context's
    /// connection, outside the change queue. Every CLI call starts here, and a migration check taken in the queue
    /// serialized their start-ups behind one another (about 1.2 s each on a quiet machine); EF's own check (the
    /// migrator's history repository, a raw-SQL LINQ query) was over half of a <c>site list</c>'s CPU. When this says
    /// no, the queue and MigrateAsync decide.
    /// </summary>
    private static async Task<bool> IsCurrentAsync(SftpJailDbContext db, bool isFile, CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }

            command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            if (!known.All(applied.Contains))
            {
                return false;
            }

            command.CommandText = "PRAGMA journal_mode";
            return !isFile || await command.ExecuteScalarAsync(cancellationToken) is "wal";
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The database's own directory is 0750 (the file holds password hashes); missing parents are 0755 like any
    /// directory under /var/lib, so a demo root created this way can still hold the chroots sshd wants world-searchable.
    /// </summary>
    private static void CreateDatabaseDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        if (Path.GetDirectoryName(directory) is { } parent && !Directory.Exists(parent))
        {
            Directory.CreateDirectory(parent, Private | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        Directory.CreateDirectory(directory, Private);
    }

    private static string? DatabaseFile(string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        var inMemory = builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source) || source == ":memory:"
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        return inMemory ? null : source;
    }
}
