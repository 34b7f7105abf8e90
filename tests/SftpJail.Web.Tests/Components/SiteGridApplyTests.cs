using Bunit;
using SftpJail.Web.Components.Pages.Sites;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// Row and bulk Apply in the sites grid: there is no apply scoped to chosen sites, so both say they apply the host,
/// and the executor is indeed sent every site (a world of its own: an apply changes every site's status).
/// </summary>
public sealed class SiteGridApplyTests(SiteGridApplyTests.World world) : IClassFixture<SiteGridApplyTests.World>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Bulk_and_row_apply_say_they_apply_the_whole_host_and_do()
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>("sites?q=apply-");
        page.WaitForAssertion(() => Assert.Equal("3", Total(page)), Wait);
        page.FindAll("td input[type=checkbox]")[0].Change(true);
        page.WaitForAssertion(() => Assert.Equal("Apply host", page.Find("[data-bulk-apply]").TextContent.Trim()), Wait);
        var applies = world.Panel.Executor.ApplyCount;

        page.Find("[data-bulk-apply]").Click();
        circuit.WaitForAssertion(() => Assert.Contains("Apply the whole host?", circuit.Markup, StringComparison.Ordinal), Wait);
        circuit.Find("[data-confirm-ok]").Click();
        circuit.WaitForAssertion(() => Assert.Contains("Host applied (every site):", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.Equal(applies + 1, world.Panel.Executor.ApplyCount);
        // The executor was sent every site, not the one selected: what the label says.
        Assert.Equal(["apply-0.example.org", "apply-1.example.org", "apply-2.example.org", "other.example.org"], world.Panel.Executor.LastApplied!.Sites.Select(x => x.Domain).Order());

        page.Find("[data-row-actions=\"apply-1.example.org\"] button").Click();
        circuit.WaitForAssertion(() => Assert.Contains("Apply host (every site)", circuit.Find("[data-row-apply]").TextContent, StringComparison.Ordinal), Wait);
        circuit.Find("[data-row-apply]").Click();
        circuit.WaitForAssertion(() => Assert.Contains("Apply the whole host?", circuit.Markup, StringComparison.Ordinal), Wait);
        circuit.Find("[data-confirm-ok]").Click();
        circuit.WaitForAssertion(() => Assert.Equal(applies + 2, world.Panel.Executor.ApplyCount), Wait);
    }

    private static string? Total(IRenderedComponent<SiteList> page) => page.FindAll("[data-total]").FirstOrDefault()?.GetAttribute("data-total");

    public sealed class World : IAsyncLifetime
    {
        public PanelFactory Panel { get; } = new();

        public TestAccount Staff { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            foreach (var domain in new[] { "apply-0.example.org", "apply-1.example.org", "apply-2.example.org", "other.example.org" })
            {
                await Panel.AddCustomerAsync(domain, withLogin: false);
            }

            Staff = await Panel.CreateStaffAsync();
        }

        public async Task<CircuitHarness> CircuitAsync()
        {
            var circuit = new CircuitHarness(Panel);
            await circuit.SignInAsync(Staff);
            return circuit;
        }

        public async Task DisposeAsync() => await Panel.DisposeAsync();
    }
}
