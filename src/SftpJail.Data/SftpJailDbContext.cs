using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SftpJail.Data.Audit;
using SftpJail.Data.Entities;
using SftpJail.Data.Identity;

namespace SftpJail.Data;

/// <summary>The database of record: panel accounts (Identity), desired state (sites, accounts, keys) and the audit log.</summary>
public sealed class SftpJailDbContext(DbContextOptions<SftpJailDbContext> options) : IdentityDbContext<PanelUser>(options)
{
    /// <summary>
    /// Pinned so the schema does not depend on how the host configured Identity: the CLI registers no Identity at all,
    /// and a migration must describe one model. Version 3 (passkeys) is what .NET 10's templates use.
    /// </summary>
    public static readonly Version IdentitySchemaVersion = IdentitySchemaVersions.Version3;

    /// <summary>
    /// The top-level migrations/ project, which dotnet-ef writes to. It references this assembly, so this one can only
    /// name it; every host that migrates references it (a host without it fails at Migrate, not silently).
    /// </summary>
    public const string MigrationsAssembly = "SftpJail.Migrations";

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<SftpAccount> SftpAccounts => Set<SftpAccount>();

    public DbSet<AuthorizedKey> AuthorizedKeys => Set<AuthorizedKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<PendingChange> PendingChanges => Set<PendingChange>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        var application = optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        optionsBuilder.UseApplicationServiceProvider(PinnedIdentitySchemaServices.For(application));

        // Here rather than in each UseSqlite call, so tests and hosts that build their own options find the migrations too.
        if (optionsBuilder.Options.Extensions.OfType<RelationalOptionsExtension>().SingleOrDefault() is { MigrationsAssembly: null } relational)
        {
            ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(relational.WithMigrationsAssembly(MigrationsAssembly));
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SftpJailDbContext).Assembly);
    }
}
