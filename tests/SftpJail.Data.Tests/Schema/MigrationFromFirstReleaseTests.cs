using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Schema;

/// <summary>
/// An upgrade from the first release: Fixtures/first-release.db is the schema of the first migration with rows in it
/// (made by Fixtures/make-first-release-db.sh). The start-up migration every host runs (the panel's
/// PanelBootstrapper, every CLI call) must bring it to the current model without losing a row.
/// </summary>
public sealed class MigrationFromFirstReleaseTests : IDisposable
{
    private const string FirstMigration = "20261122000000_Initial";

    private readonly string directory = Directory.CreateTempSubdirectory("sftpjail-upgrade-").FullName;

    private string DatabasePath => Path.Combine(directory, "sftpjail.db");

    public MigrationFromFirstReleaseTests() =>
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "first-release.db"), DatabasePath);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void The_fixture_is_at_the_first_migration_and_behind_the_current_one()
    {
        using var fixture = TestDatabase.OpenFile(DatabasePath);
        using var db = fixture.NewContext();

        Assert.Equal([FirstMigration], db.Database.GetAppliedMigrations());
        Assert.NotEmpty(db.Database.GetPendingMigrations());
    }

    [Fact]
    public async Task Start_up_migrates_the_first_release_database_to_the_current_schema()
    {
        await MigrateAtStartAsync();

        using var upgraded = TestDatabase.OpenFile(DatabasePath);
        using var fresh = TestDatabase.Migrated();
        using var db = upgraded.NewContext();
        Assert.Empty(db.Database.GetPendingMigrations());
        Assert.Equal(db.Database.GetMigrations(), db.Database.GetAppliedMigrations());
        Assert.Equal(SchemaDump.Of(fresh).Split('\n'), SchemaDump.Of(upgraded).Split('\n'));
    }

    [Fact]
    public async Task Every_row_of_the_first_release_is_still_there_after_the_upgrade()
    {
        await MigrateAtStartAsync();

        using var upgraded = TestDatabase.OpenFile(DatabasePath);
        using var db = upgraded.NewContext();
        var sites = await db.Sites.Include(s => s.Users).ThenInclude(u => u.Keys).OrderBy(s => s.Id).ToListAsync();
        var audit = await db.AuditEntries.OrderBy(a => a.Id).ToListAsync();
        var customer = await db.Users.SingleAsync();

        Assert.Equal(["shop.example.org", "old.example.net"], sites.Select(s => s.Domain));
        var shop = sites[0];
        Assert.Equal(Services.SiteStatus.Applied, shop.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero), shop.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 5, 0, TimeSpan.Zero), shop.LastAppliedAt);
        Assert.Equal("user-ada", shop.CustomerAccountId);
        Assert.Null(shop.DiskLimitMiB);
        Assert.Equal(["shop", "shopro"], shop.Users.OrderBy(u => u.Id).Select(u => u.UserName));
        var readOnly = shop.Users.Single(u => u.UserName == "shopro");
        Assert.True(readOnly.ReadOnly && readOnly.KeyOnly && !readOnly.HasPassword);
        Assert.Equal("SHA256:1ydoJAdBOu6Zw6mqQmmDOhtrra5V77+035+jE49p8Es", Assert.Single(readOnly.Keys).Fingerprint);
        var old = sites[1];
        Assert.False(old.Enabled);
        Assert.Equal("sshd -t rejected the drop-in", old.LastError);
        Assert.True(Assert.Single(old.Users).Disabled);
        Assert.Equal(["applied", "failed"], audit.Select(a => a.Result));
        Assert.Equal(["0000000000000000000000000000000000000000000000000000000000000000", new string('1', 64)], audit.Select(a => a.PreviousHash));
        Assert.Equal(new string('2', 64), audit[1].Hash);
        Assert.Null(audit[1].Mac);
        Assert.Equal("ada@example.org", customer.UserName);
        Assert.Equal(["Customer"], upgraded.Strings("SELECT r.Name FROM AspNetUserRoles ur JOIN AspNetRoles r ON r.Id = ur.RoleId"));
    }

    [Fact]
    public async Task Starting_again_after_the_upgrade_changes_nothing()
    {
        await MigrateAtStartAsync();
        var once = Snapshot();

        await MigrateAtStartAsync();

        Assert.Equal(once, Snapshot());
    }

    /// <summary>The schema, the migration history and every row of the tables the fixture filled.</summary>
    private string Snapshot()
    {
        using var database = TestDatabase.OpenFile(DatabasePath);
        var rows = new[] { "__EFMigrationsHistory", "AspNetUsers", "AspNetRoles", "Sites", "SftpAccounts", "AuthorizedKeys", "AuditEntries" }
            .SelectMany(table => database.Strings($"SELECT * FROM \"{table}\"").Select(row => $"{table}: {row}"));
        return SchemaDump.Of(database) + string.Join('\n', rows);
    }

    /// <summary>What a host does at start: the data services from configuration, then the one migration call.</summary>
    private async Task MigrateAtStartAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DataExtensions.ConnectionStringName}"] = $"Data Source={DatabasePath};Pooling=False",
        });
        builder.AddSftpJailData();
        using var host = builder.Build();
        await host.Services.MigrateSftpJailDatabaseAsync();
    }
}
