using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Data.Audit;
using SftpJail.Data.Entities;
using SftpJail.Data.Services;
using SftpJail.Web.Components.Pages;
using SftpJail.Web.Components.Shared;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The dashboard's numbers are the right ones for a database seeded with known sites, users, statuses and audit rows
/// (appended through the real audit log at chosen times): counts, the recent applies in order, and the chart per day.
/// </summary>
public sealed class DashboardValuesTests(DashboardValuesTests.World world) : IClassFixture<DashboardValuesTests.World>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_counts_are_the_seeded_sites_users_disabled_and_enabled_drifted_or_failed()
    {
        var home = await RenderAsync();

        Assert.Equal("7", Count(home, "sites"));
        Assert.Equal("10", Count(home, "users"));
        Assert.Equal("2", Count(home, "disabled"));
        // dv00001 drifted and dv00002 failed; dv00003 is drifted but disabled, so it counts as Disabled, as in the grid.
        Assert.Equal("2", Count(home, "drift"));

        await using var scope = world.Panel.Services.CreateAsyncScope();
        var grid = scope.ServiceProvider.GetRequiredService<SiteGrid>();
        async Task<int> TotalAsync(SiteGridStatus status) => (await grid.QueryAsync(new SiteGridQuery(Status: status))).Total;
        Assert.Equal(await TotalAsync(SiteGridStatus.Disabled), int.Parse(Count(home, "disabled"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(await TotalAsync(SiteGridStatus.Drifted) + await TotalAsync(SiteGridStatus.Failed), int.Parse(Count(home, "drift"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_recent_applies_are_the_eight_newest_applied_failed_or_refused_rows_newest_first()
    {
        var home = await RenderAsync();

        Assert.Equal(
            ["d0-applied", "d1-failed", "d1-applied-b", "d1-applied-a", "d5-refused", "d5-failed", "d5-applied", "d13-applied-b"],
            home.FindAll("[data-recent-apply]").Select(r => r.GetAttribute("data-recent-apply")!.Replace(".example.org", "", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_chart_counts_each_of_the_last_fourteen_days_and_nothing_older()
    {
        await using var circuit = new CircuitHarness(world.Panel);
        await circuit.SignInAsync(world.Staff);
        var home = circuit.Render<Home>();
        home.WaitForAssertion(() => Assert.NotEmpty(home.FindAll("[data-apply-chart]")), Wait);

        // In the window: day -13 (its first day) 2 applied; day -5 1 applied, 1 failed, 1 refused (a "recorded" row is
        // no apply); day -1 2 applied, 1 failed; today 1 applied. Outside: day -14 and day -20.
        var chart = home.Find("[data-apply-chart]");
        Assert.Equal(("6", "3"), (chart.GetAttribute("data-applied"), chart.GetAttribute("data-failed")));
        // The busiest day has 2: the axis counts 0, 1, 2, not MudChart's default 0 to 20 in which such a day is a sliver.
        var axis = chart.QuerySelectorAll(".mud-charts-yaxis text, text.mud-charts-yaxis").Select(t => t.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        Assert.Equal(["0", "1", "2"], axis);

        circuit.PersistentState.TriggerOnPersisting();
        Assert.True(circuit.PersistentState.TryTake<DashboardSummary>(Home.SummaryKey, out var summary));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var expected = Enumerable.Range(0, DashboardSummary.ChartDays).Select(i => today.AddDays(i - 13)).Select(day => (day, (today.DayNumber - day.DayNumber) switch
        {
            13 => (2, 0),
            5 => (1, 2),
            1 => (2, 1),
            0 => (1, 0),
            _ => (0, 0),
        }));
        Assert.Equal(expected, summary!.Days.Select(d => (d.Day, (d.Applied, d.FailedOrRefused))));
    }

    private async Task<IRenderedComponent<Home>> RenderAsync()
    {
        var circuit = new CircuitHarness(world.Panel);
        world.Circuits.Add(circuit);
        await circuit.SignInAsync(world.Staff);
        var home = circuit.Render<Home>();
        home.WaitForAssertion(() => Assert.NotEmpty(home.FindAll("[data-count=sites]")), Wait);
        return home;
    }

    private static string Count(IRenderedComponent<Home> home, string key) => home.Find($"[data-count={key}]").TextContent.Trim();

    public sealed class World : IAsyncLifetime
    {
        public PanelFactory Panel { get; } = new();

        public TestAccount Staff { get; private set; } = default!;

        public List<CircuitHarness> Circuits { get; } = [];

        public async Task InitializeAsync()
        {
            Staff = await Panel.CreateStaffAsync();
            await Panel.SeedSitesAsync(7, "dv");
            await using var scope = Panel.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
            var first = await db.Sites.SingleAsync(s => s.Domain == "dv00000.example.net");
            for (var i = 0; i < 3; i++)
            {
                db.SftpAccounts.Add(new SftpAccount { SiteId = first.Id, UserName = $"dvextra{i}", HasPassword = true, CreatedAt = DateTimeOffset.UtcNow });
            }

            await db.SaveChangesAsync();
            await SetAsync(db, "dv00001", SiteStatus.Drifted, enabled: true);
            await SetAsync(db, "dv00002", SiteStatus.Failed, enabled: true);
            await SetAsync(db, "dv00003", SiteStatus.Drifted, enabled: false);
            await SetAsync(db, "dv00004", SiteStatus.Applied, enabled: false);
            await SetAsync(db, "dv00005", SiteStatus.Pending, enabled: true);

            // Appended in time order through the real log (its chain stays whole), each at its own chosen moment.
            var clock = new SetClock();
            var audit = new AuditLog(db, clock);
            var midday = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);
            foreach (var (daysAgo, result, name) in new (int, string, string)[]
            {
                (20, AuditResults.Applied, "d20-applied"),
                (14, AuditResults.Failed, "d14-failed"),
                (13, AuditResults.Applied, "d13-applied-a"),
                (13, AuditResults.Applied, "d13-applied-b"),
                (5, AuditResults.Applied, "d5-applied"),
                (5, AuditResults.Failed, "d5-failed"),
                (5, AuditResults.Refused, "d5-refused"),
                (5, AuditResults.Recorded, "d5-recorded"),
                (1, AuditResults.Applied, "d1-applied-a"),
                (1, AuditResults.Applied, "d1-applied-b"),
                (1, AuditResults.Failed, "d1-failed"),
                (0, AuditResults.Applied, "d0-applied"),
                (0, AuditResults.Recorded, "d0-recorded"),
            })
            {
                // Today's rows a minute ago (never in the future); older ones at midday of their day.
                clock.Now = daysAgo == 0 ? DateTimeOffset.UtcNow.AddMinutes(-1) : midday.AddDays(-daysAgo);
                await audit.AppendAsync(new Actor("test:seed"), "site.apply", name + ".example.org", null, null, result, result == AuditResults.Applied ? null : "seeded");
            }
        }

        private static Task SetAsync(SftpJailDbContext db, string stem, SiteStatus status, bool enabled) =>
            db.Sites.Where(s => s.Domain == stem + ".example.net").ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, status).SetProperty(s => s.Enabled, enabled));

        public async Task DisposeAsync()
        {
            foreach (var circuit in Circuits)
            {
                await circuit.DisposeAsync();
            }

            await Panel.DisposeAsync();
        }
    }

    private sealed class SetClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
