using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Queue;

/// <summary>
/// A migrated database file with one executor, and site services that each have their own context and connection,
/// as concurrent panel requests and CLI calls do.
/// </summary>
public sealed class FileSites : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("sftpjail-commit-").FullName;
    private readonly List<IDisposable> contexts = [];

    public FileSites()
    {
        using var db = NewContext();
        db.Database.Migrate();
    }

    public string DatabasePath => Path.Combine(directory, "sftpjail.db");

    public string Directory => directory;

    public BatchingFakeExecutor Executor { get; } = new();

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero));

    public SftpJailDbContext NewContext()
    {
        var db = new SftpJailDbContext(new DbContextOptionsBuilder<SftpJailDbContext>()
            .UseSqlite($"Data Source={DatabasePath};Foreign Keys=True;Pooling=False").Options);
        lock (contexts)
        {
            contexts.Add(db);
        }

        return db;
    }

    public SiteService NewService()
    {
        var db = NewContext();
        return new SiteService(db, Executor, new AuditLog(db, Clock), Clock);
    }

    public Task<OperationResult> AddSiteAsync(string domain, string? user = null) =>
        NewService().AddSiteAsync(new NewSiteRequest(domain, user), SiteServiceFixture.Staff);

    public async Task<List<AuditEntry>> AuditRowsAsync()
    {
        await using var db = NewContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<bool> AuditIntactAsync()
    {
        await using var db = NewContext();
        return (await new AuditLog(db, Clock).VerifyAsync()).Intact;
    }

    public void Dispose()
    {
        lock (contexts)
        {
            contexts.ForEach(c => c.Dispose());
        }

        System.IO.Directory.Delete(directory, recursive: true);
    }
}
