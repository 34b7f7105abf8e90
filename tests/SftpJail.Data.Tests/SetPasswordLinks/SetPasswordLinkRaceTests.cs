using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Data.SetPasswordLinks;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.SetPasswordLinks;

/// <summary>Two submits of one link at once (a double click, two tabs), each with its own connection, as two requests would have.</summary>
public sealed class SetPasswordLinkRaceTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"sj-link-race-{Guid.NewGuid():N}.db");
    private readonly FakeExecutor executor = new();
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // The change queue's lock file sits beside the database (and its turn files, should a holder have died).
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + ".queue" }.Concat(Directory.EnumerateFiles(Path.GetTempPath(), Path.GetFileName(file) + ".queue.*")))
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Two_redeems_racing_each_other_set_one_password()
    {
        string token;
        await using (var setup = Context())
        {
            await setup.Database.MigrateAsync();
            var sites = new SiteService(setup, executor, new AuditLog(setup, clock), clock);
            Assert.True((await sites.AddSiteAsync(new NewSiteRequest("site1.com", "alice", "Staff-chosen-1"), SiteServiceFixture.Staff)).Succeeded);
            token = (await Links(setup).CreateAsync(new NewSetPasswordLink("alice"), SiteServiceFixture.Staff)).Token;
        }

        var applies = executor.Applies.Count;
        await using var first = Context();
        await using var second = Context();
        var outcomes = await Task.WhenAll(
            Task.Run(() => Links(first).RedeemAsync(token, "first-Chosen-pass-11")),
            Task.Run(() => Links(second).RedeemAsync(token, "second-Chosen-pass-22")));

        Assert.Single(outcomes, o => o.Status == SetPasswordRedeemStatus.Done);
        Assert.Single(outcomes, o => o.Status == SetPasswordRedeemStatus.NotValid);
        Assert.Equal(applies + 1, executor.Applies.Count);
    }

    private SftpJailDbContext Context() =>
        new(new DbContextOptionsBuilder<SftpJailDbContext>().UseSqlite($"Data Source={file};Foreign Keys=True;Default Timeout=30").Options);

    private SetPasswordLinkService Links(SftpJailDbContext db)
    {
        var audit = new AuditLog(db, clock);
        return new SetPasswordLinkService(db, new SiteService(db, executor, audit, clock), audit, clock, new SetPasswordLinkOptions());
    }
}
