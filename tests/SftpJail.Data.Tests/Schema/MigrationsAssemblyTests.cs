using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SftpJail.Data.Migrations;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Schema;

public sealed class MigrationsAssemblyTests
{
    // Databases in the field record these ids in __EFMigrationsHistory: renaming one would re-run it.
    private static readonly string[] ShippedMigrations = ["20261122000000_Initial", "20261122060000_HostAccess"];

    [Fact]
    public void A_context_built_without_naming_a_migrations_assembly_finds_the_migrations_project()
    {
        using var database = TestDatabase.Open();
        using var db = database.NewContext();

        var migrations = db.GetService<IMigrationsAssembly>();

        Assert.Equal(SftpJailDbContext.MigrationsAssembly, migrations.Assembly.GetName().Name);
        Assert.Equal(typeof(DesignTimeDbContextFactory).Assembly, migrations.Assembly);
        Assert.NotNull(migrations.ModelSnapshot);
    }

    [Fact]
    public void The_shipped_migration_ids_are_unchanged_and_come_first()
    {
        using var database = TestDatabase.Open();
        using var db = database.NewContext();

        Assert.Equal(ShippedMigrations, db.Database.GetMigrations().Take(ShippedMigrations.Length));
    }

    [Fact]
    public void A_database_migrated_by_an_earlier_release_has_nothing_pending()
    {
        using var database = TestDatabase.Migrated();
        database.Execute("UPDATE \"__EFMigrationsHistory\" SET \"ProductVersion\" = '10.0.11'");
        using var db = database.NewContext();

        db.Database.Migrate();

        Assert.Equal(ShippedMigrations, db.Database.GetAppliedMigrations().Take(ShippedMigrations.Length));
        Assert.Empty(db.Database.GetPendingMigrations());
    }

    [Fact]
    public void A_migrations_assembly_the_host_names_is_kept()
    {
        using var database = TestDatabase.Open();
        var options = new DbContextOptionsBuilder<SftpJailDbContext>()
            .UseSqlite(database.Connection, sqlite => sqlite.MigrationsAssembly("SftpJail.Data"))
            .Options;
        using var db = new SftpJailDbContext(options);

        Assert.Equal("SftpJail.Data", db.GetService<IMigrationsAssembly>().Assembly.GetName().Name);
        Assert.Empty(db.Database.GetMigrations());
    }

    [Fact]
    public void The_design_time_factory_builds_the_model_the_migrations_describe()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);

        Assert.Equal(ShippedMigrations, db.Database.GetMigrations().Take(ShippedMigrations.Length));
        Assert.False(db.Database.HasPendingModelChanges());
    }
}
