using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Web.Components.Pages;
using SftpJail.Web.Components.Shared;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The dashboard reads its summary once per visit: the prerender reads it and persists it into the page, and the circuit
/// that starts from that page shows the persisted copy instead of reading the database and the executor again.
/// </summary>
public sealed class DashboardStateTests(DashboardStateTests.World world) : IClassFixture<DashboardStateTests.World>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>A site count the database cannot have: shown only if the circuit took the persisted copy instead of querying.</summary>
    private const int PersistedSites = 4242;

    [Fact]
    public async Task The_circuit_shows_the_summary_its_prerender_persisted_without_reading_again()
    {
        await using var circuit = new CircuitHarness(world.Panel);

        var home = await RenderFromPersistedAsync(circuit, world.Staff);

        ShowsSiteCount(home, PersistedSites);
    }

    [Fact]
    public async Task A_first_render_persists_what_it_read_for_the_circuit()
    {
        await using var circuit = new CircuitHarness(world.Panel);
        var state = circuit.PersistentState;
        await circuit.SignInAsync(world.Staff);
        var home = circuit.Render<Home>();
        var sites = await world.SiteCountAsync();
        ShowsSiteCount(home, sites);

        state.TriggerOnPersisting();

        Assert.True(state.TryTake<DashboardSummary>(Home.SummaryKey, out var persisted));
        Assert.Equal(sites, persisted!.Sites);
        Assert.Equal(DashboardSummary.ChartDays, persisted.Days.Count);
    }

    [Fact]
    public async Task Refresh_reads_again_after_a_persisted_start()
    {
        await using var circuit = new CircuitHarness(world.Panel);
        var home = await RenderFromPersistedAsync(circuit, world.Staff);
        ShowsSiteCount(home, PersistedSites);

        home.Find("[data-refresh]").Click();

        ShowsSiteCount(home, await world.SiteCountAsync());
    }

    [Fact]
    public async Task A_customer_is_not_shown_a_persisted_summary()
    {
        await using var circuit = new CircuitHarness(world.Panel);

        var home = await RenderFromPersistedAsync(circuit, world.Customer);

        Assert.Empty(home.FindAll("[data-count]"));
        Assert.DoesNotContain(PersistedSites.ToString(System.Globalization.CultureInfo.InvariantCulture), home.Markup, StringComparison.Ordinal);
    }

    /// <summary>The dashboard rendered for <paramref name="who"/> in a circuit that starts from a prerender's persisted summary.</summary>
    private static async Task<IRenderedComponent<Home>> RenderFromPersistedAsync(CircuitHarness circuit, TestAccount who)
    {
        circuit.PersistentState.Persist(Home.SummaryKey, Summary(PersistedSites));
        await circuit.SignInAsync(who);
        return circuit.Render<Home>();
    }

    private static void ShowsSiteCount(IRenderedComponent<Home> home, int sites) =>
        home.WaitForAssertion(() => Assert.Equal(sites.ToString(System.Globalization.CultureInfo.InvariantCulture), home.Find("[data-count=sites]").TextContent.Trim()), Wait);

    private static DashboardSummary Summary(int sites) => new(
        sites, 0, 0, 0, 0, [], [.. Enumerable.Range(0, DashboardSummary.ChartDays).Select(i => new DashboardDay(new DateOnly(2026, 11, 1).AddDays(i), 0, 0))],
        null, null, "not asked in this test", null, null);

    public sealed class World : IAsyncLifetime
    {
        public PanelFactory Panel { get; } = new();

        public TestAccount Staff { get; private set; } = default!;

        public TestAccount Customer { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            var site = await Panel.AddCustomerAsync("dashboard-state.example.org");
            Customer = site.Customer!;
            Staff = await Panel.CreateStaffAsync();
        }

        public async Task<int> SiteCountAsync()
        {
            await using var scope = Panel.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Sites.CountAsync();
        }

        public async Task DisposeAsync() => await Panel.DisposeAsync();
    }
}
