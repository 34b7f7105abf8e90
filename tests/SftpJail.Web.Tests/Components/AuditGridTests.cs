using Bunit;
using SftpJail.Web.Components.Pages.Audit;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>The audit grid in a circuit: "contains" filters in SQL, result chips, details row, CSV export link, chain check.</summary>
public sealed class AuditGridTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly PanelFactory panel = new();
    private TestSite site = default!;
    private TestAccount admin = default!;

    public async Task InitializeAsync()
    {
        site = await panel.AddCustomerAsync(withLogin: false);
        await panel.AddCustomerAsync(withLogin: false);
        admin = await panel.CreateAdminAsync();
    }

    public async Task DisposeAsync() => await panel.DisposeAsync();

    [Fact]
    public async Task The_site_query_parameter_filters_to_that_sites_entries()
    {
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(admin);
        var page = circuit.Render<AuditTrail>($"audit?site={site.Domain}");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-audit-target]")), Wait);
        Assert.All(page.FindAll("[data-audit-target]"), t => Assert.Contains(site.Domain, t.GetAttribute("data-audit-target"), StringComparison.Ordinal));
        Assert.Contains(page.FindAll("[data-result]"), chip => chip.GetAttribute("data-result") == "applied");
        Assert.Contains($"match=contains&site={site.Domain}", page.Find("[data-export]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_part_of_an_action_or_actor_filters_by_contains()
    {
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(admin);
        var page = circuit.Render<AuditTrail>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-audit-action]")), Wait);
        var all = int.Parse(page.Find("[data-total]").GetAttribute("data-total")!, System.Globalization.CultureInfo.InvariantCulture);

        page.Find("input[data-filter=Action], [data-filter=Action] input").Input("ADD");
        page.WaitForAssertion(() => Assert.All(page.FindAll("[data-audit-action]"), a => Assert.Contains("add", a.GetAttribute("data-audit-action"), StringComparison.OrdinalIgnoreCase)), Wait);
        page.Find("input[data-filter=Action], [data-filter=Action] input").Input("ite.ad");
        page.WaitForAssertion(() => Assert.Equal(all.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-total]").GetAttribute("data-total")), Wait);
        page.Find("input[data-filter=Action], [data-filter=Action] input").Input("remove");
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-total]").GetAttribute("data-total")), Wait);

        page.Find("input[data-filter=Action], [data-filter=Action] input").Input("");
        page.Find("input[data-filter=Actor], [data-filter=Actor] input").Input("fixt");
        page.WaitForAssertion(() => Assert.All(page.FindAll("[data-audit-actor]"), a => Assert.Equal("test:fixture", a.TextContent)), Wait);

        page.Find("input[data-filter=Actor], [data-filter=Actor] input").Input("no-such-actor");
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-total]").GetAttribute("data-total")), Wait);
    }

    [Fact]
    public async Task Verify_reports_an_intact_chain()
    {
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(admin);
        var page = circuit.Render<AuditTrail>();

        page.Find("[data-verify]").Click();

        page.WaitForAssertion(() => Assert.Contains("Audit chain intact", page.Find("[data-chain-intact]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task The_contains_export_uses_the_grids_filters_and_neutralises_formulas()
    {
        using var client = await panel.LoginAsAsync(admin);

        var csv = await client.GetAsync($"/audit/export.csv?match=contains&site={site.Domain[..6]}");

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,at,actor,action,target", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(site.Domain, StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await panel.Anonymous().GetAsync("/audit/export.csv?match=contains")).StatusCode);
    }
}
