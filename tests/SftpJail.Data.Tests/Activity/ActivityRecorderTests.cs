using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Activity;
using SftpJail.Data.Activity;
using SftpJail.Data.Entities;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Activity;

public sealed class ActivityRecorderTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase database = TestDatabase.Migrated();
    private readonly ManualClock clock = new(Start);

    public ActivityRecorderTests()
    {
        using var db = database.NewContext();
        foreach (var (domain, user) in new[] { ("one.example", "one"), ("two.example", "two") })
        {
            var site = new Site { Domain = domain };
            site.Users.Add(new SftpAccount { UserName = user });
            db.Sites.Add(site);
        }

        db.SaveChanges();
    }

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Events_go_to_the_site_of_their_user_or_session_and_unknown_ones_are_dropped()
    {
        var source = new ListSource(
            new(ActivityEventKind.LoginAccepted, Start, 0, "one", "1.1.1.1", 1, "password"),
            new(ActivityEventKind.LoginFailed, Start, 0, "root", "6.6.6.6", 1, "password"),
            new(ActivityEventKind.SessionOpened, Start, 500, "two", "2.2.2.2"),
            new(ActivityEventKind.FileClosed, Start, 500, Path: "/html/x", BytesRead: 0, BytesWritten: 3),
            new(ActivityEventKind.FileClosed, Start, 999, Path: "/html/orphan", BytesRead: 0, BytesWritten: 3));

        await Recorder(source).PullAsync();

        using var db = database.NewContext();
        var sites = await db.Sites.ToDictionaryAsync(s => s.Id, s => s.Domain);
        Assert.Equal(["one.example one"], (await db.Set<ActivityLogin>().ToListAsync()).Select(l => $"{sites[l.SiteId]} {l.UserName}"));
        Assert.Equal(["two.example two /html/x"], (await db.Set<ActivityTransfer>().ToListAsync()).Select(t => $"{sites[t.SiteId]} {t.UserName} {t.Path}"));
    }

    [Fact]
    public async Task The_history_is_cut_to_the_cap_per_site_and_to_the_age_limit()
    {
        var events = new List<ActivityEvent> { new(ActivityEventKind.SessionOpened, Start, 500, "one", "1.1.1.1") };
        events.AddRange(Enumerable.Range(0, 30).Select(i => new ActivityEvent(ActivityEventKind.Removed, Start.AddMinutes(i), 500, Path: $"/html/{i}")));
        events.Add(new(ActivityEventKind.LoginAccepted, Start.AddDays(-40), 0, "two", "1.1.1.1", 1, "password"));
        var recorder = Recorder(new ListSource([.. events]), new ActivityRetention { MaxRowsPerSite = 10, MaxAgeDays = 30 });

        await recorder.PullAsync();

        using var db = database.NewContext();
        var kept = await db.Set<ActivityTransfer>().OrderBy(t => t.Id).Select(t => t.Path).ToListAsync();
        Assert.Equal(Enumerable.Range(20, 10).Select(i => $"/html/{i}"), kept);
        Assert.Empty(await db.Set<ActivityLogin>().ToListAsync());
    }

    [Fact]
    public async Task Without_a_source_the_status_says_so_and_nothing_is_stored()
    {
        var status = await Recorder(new ListSource { Found = false }).PullAsync();

        Assert.False(status.SourceFound);
        using var db = database.NewContext();
        Assert.Empty(await db.Set<ActivityTransfer>().ToListAsync());
        Assert.False((await new ActivityRecorder(db, null, clock, new ActivityRetention()).LastStatusAsync()).SourceFound);
    }

    private ActivityRecorder Recorder(IActivitySource source, ActivityRetention? retention = null) =>
        new(database.NewContext(), source, clock, retention ?? new ActivityRetention());

    private sealed class ListSource(params ActivityEvent[] events) : IActivitySource
    {
        public bool Found { get; init; } = true;

        public Task<ActivityBatch> ReadActivityAsync(string? cursor, int max, CancellationToken cancellationToken = default)
        {
            var from = int.TryParse(cursor, out var n) ? n : 0;
            var batch = events.Skip(from).Take(max).ToList();
            return Task.FromResult(Found
                ? new ActivityBatch(true, ["test"], batch, (from + batch.Count).ToString(System.Globalization.CultureInfo.InvariantCulture), from + batch.Count < events.Length)
                : ActivityBatch.NoSource(""));
        }

        public Task<SessionCloseResult> CloseSessionAsync(string userName, int pid, CancellationToken cancellationToken = default) =>
            Task.FromResult(new SessionCloseResult(false, "no"));
    }
}
