using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Schema;

public sealed class MigrationMatchesModelTests
{
    [Fact]
    public void The_migrations_leave_no_model_change_pending()
    {
        using var database = TestDatabase.Open();
        using var db = database.NewContext();

        db.Database.Migrate();

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(db.Database.GetPendingMigrations());
    }

    [Fact]
    public void The_migrated_schema_equals_the_schema_EnsureCreated_builds_from_the_model()
    {
        using var migrated = TestDatabase.Migrated();
        using var created = TestDatabase.Open();
        using (var db = created.NewContext())
        {
            Assert.True(db.Database.EnsureCreated());
        }

        var expected = SchemaDump.Of(created);
        var actual = SchemaDump.Of(migrated);

        // Line by line, so a failure names the first differing table, column or index.
        Assert.Equal(expected.Split('\n'), actual.Split('\n'));
        Assert.Contains("table AspNetUserPasskeys", expected, StringComparison.Ordinal);
        Assert.Contains("index IX_Sites_Domain on Sites unique=1 cols=Domain", expected, StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_does_not_depend_on_the_applications_identity_options()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(
            services, o => o.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version1);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        using var database = TestDatabase.Open();
        var options = new DbContextOptionsBuilder<SftpJailDbContext>().UseSqlite(database.Connection).UseApplicationServiceProvider(provider).Options;
        using var db = new SftpJailDbContext(options);

        db.Database.Migrate();

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.NotNull(db.Model.FindEntityType(typeof(Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>)));
    }

    [Fact]
    public void Migrating_down_to_nothing_removes_every_table()
    {
        using var database = TestDatabase.Migrated();
        using var db = database.NewContext();

        db.GetService<IMigrator>().Migrate(Migration.InitialDatabase);

        Assert.Empty(database.Strings("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND substr(name, 1, 4) <> '__EF'"));
    }
}
