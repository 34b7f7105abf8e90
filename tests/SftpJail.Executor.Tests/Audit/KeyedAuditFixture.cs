using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Data;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Executor.Audit;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Audit;

/// <summary>
/// The panel's audit log (a real SQLite database) countersigned by the executor's real notary, whose key, anchor and
/// journal live in a fresh root-only state directory.
/// </summary>
internal sealed class KeyedAuditFixture : IDisposable
{
    private readonly TestDirectory directory = new();
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    public KeyedAuditFixture()
    {
        StateDir = directory.CreateDirectory("state", 0x1c0);
        Paths = new ExecutorAuditPaths(StateDir);
        var files = new HostFileSystem([StateDir]);
        Journal = new ExecutorJournal(Paths, files);
        Notary = new AuditNotary(Paths, files, Journal);
        connection.Open();
        using var db = NewContext();
        db.Database.EnsureCreated();
    }

    public Core.Values.AbsolutePath StateDir { get; }

    public ExecutorAuditPaths Paths { get; }

    public ExecutorJournal Journal { get; }

    public IAuditNotary Notary { get; }

    public SftpJailDbContext NewContext() => new(new DbContextOptionsBuilder<SftpJailDbContext>().UseSqlite(connection).Options);

    public AuditLog Log(SftpJailDbContext db) => new(db, TimeProvider.System, Notary);

    public async Task AppendAsync(int count)
    {
        await using var db = NewContext();
        var log = Log(db);
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync(new Actor("panel:alice"), "site.add", $"site{i}.com", null, new { domain = $"site{i}.com" }, AuditResults.Applied);
        }
    }

    public async Task<AuditVerification> VerifyAsync()
    {
        await using var db = NewContext();
        return await Log(db).VerifyAsync();
    }

    public void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>What someone with write access to the database, but not the executor key, can do: recompute the public chain.</summary>
    public void RecomputePublicChain()
    {
        using var db = NewContext();
        var previous = AuditHash.Genesis;
        foreach (var row in db.AuditEntries.OrderBy(e => e.Id).ToList())
        {
            row.PreviousHash = previous;
            row.Hash = AuditHash.Compute(row);
            previous = row.Hash;
        }

        db.SaveChanges();
    }

    public void Dispose()
    {
        connection.Dispose();
        directory.Dispose();
    }
}
