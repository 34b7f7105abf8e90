using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Audit;

public sealed class AuditChainTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task A_fresh_chain_verifies_and_links_each_row_to_the_one_before()
    {
        await AppendSeveralAsync(5);

        var verification = await f.Audit.VerifyAsync();

        Assert.True(verification.Intact);
        Assert.Equal(5, verification.EntriesChecked);
        var rows = f.AuditRows();
        Assert.Equal(AuditHash.Genesis, rows[0].PreviousHash);
        Assert.All(rows.Skip(1).Zip(rows), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{64}$", r.Hash));
    }

    [Fact]
    public async Task Editing_a_rows_after_with_raw_sql_is_reported_for_that_row()
    {
        await AppendSeveralAsync(5);
        var target = f.AuditRows()[2].Id;

        f.Database.Execute($"UPDATE AuditEntries SET After = '{{\"enabled\":false}}' WHERE Id = {target}");
        var verification = await f.Audit.VerifyAsync();

        Assert.False(verification.Intact);
        var problem = Assert.Single(verification.Problems);
        Assert.Equal(target, problem.EntryId);
        Assert.Contains("edited", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rewriting_a_row_and_its_hash_breaks_the_link_of_the_next_row()
    {
        await AppendSeveralAsync(4);
        var rows = f.AuditRows();
        var forged = rows[1];
        forged.Actor = "cli:someone-else";
        forged.Hash = AuditHash.Compute(forged);

        f.Database.Execute($"UPDATE AuditEntries SET Actor = '{forged.Actor}', Hash = '{forged.Hash}' WHERE Id = {forged.Id}");
        var verification = await f.Audit.VerifyAsync();

        Assert.Equal([rows[2].Id], verification.Problems.Select(p => p.EntryId));
        Assert.Contains("link", verification.Problems[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_row_in_the_middle_is_detected()
    {
        await AppendSeveralAsync(4);
        var rows = f.AuditRows();

        f.Database.Execute($"DELETE FROM AuditEntries WHERE Id = {rows[1].Id}");

        Assert.Equal([rows[2].Id], (await f.Audit.VerifyAsync()).Problems.Select(p => p.EntryId));
    }

    [Fact]
    public async Task Every_stored_field_is_covered_by_the_hash()
    {
        await AppendSeveralAsync(1);
        string[] edits =
        [
            "At = At + 1", "Actor = 'x'", "Action = 'x'", "Target = 'x'", "Before = 'x'", "After = NULL", "Result = 'refused'",
            "Error = 'x'", "Detail = NULL", "Id = 7",
        ];

        foreach (var edit in edits)
        {
            using var copy = TestDatabase.Migrated();
            f.Database.Connection.BackupDatabase(copy.Connection);
            copy.Execute($"UPDATE AuditEntries SET {edit}");
            using var db = copy.NewContext();

            var verification = await new AuditLog(db, f.Clock).VerifyAsync();

            Assert.False(verification.Intact, edit);
        }
    }

    [Fact]
    public async Task Concurrent_appends_from_separate_connections_never_fork_the_chain()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sftpjail-audit-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={file};Pooling=False";
        try
        {
            await using (var setup = NewFileContext(connectionString))
            {
                await setup.Database.MigrateAsync();
            }

            await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
            {
                await using var db = NewFileContext(connectionString);
                var log = new AuditLog(db, new SlowClock());
                for (var i = 0; i < 15; i++)
                {
                    await log.AppendAsync(new Actor($"writer{writer}"), "test.append", $"t{i}", null, new { i }, AuditResults.Recorded);
                }
            })));

            await using var check = NewFileContext(connectionString);
            var verification = await new AuditLog(check, TimeProvider.System).VerifyAsync();
            Assert.True(verification.Intact, string.Join("; ", verification.Problems));
            Assert.Equal(60, verification.EntriesChecked);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_unknown_result_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => f.Audit.AppendAsync(new Actor("x"), "a", "t", null, null, "maybe"));
    }

    /// <summary>Sleeps between reading the last hash and inserting the next row, widening the window a fork would need.</summary>
    private sealed class SlowClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow()
        {
            Thread.Sleep(5);
            return base.GetUtcNow();
        }
    }

    private static SftpJailDbContext NewFileContext(string connectionString) =>
        new(new DbContextOptionsBuilder<SftpJailDbContext>().UseSqlite(connectionString).Options);

    private async Task AppendSeveralAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await f.Audit.AppendAsync(new Actor("cli:root"), "site.add", $"site{i}.com", null, new { domain = $"site{i}.com", enabled = true },
                AuditResults.Applied, detail: $"WriteFile /etc/nginx/site{i}.com.conf: written");
            f.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
