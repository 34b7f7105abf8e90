using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SftpJail.Core.Contract;
using SftpJail.Data;
using SftpJail.Data.Activity;
using SftpJail.Data.Services;
using SftpJail.Web.Components.Pages.Sites;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The sites grid in a circuit against a real SQLite file of 10,000 sites: every page, sort and filter is one SQL query,
/// so no more than one page of rows is ever rendered (the meaning LargeSiteListTests had for the form-post list).
/// </summary>
public sealed class SiteGridTests(SiteGridTests.World world) : IClassFixture<SiteGridTests.World>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Ten_thousand_sites_render_one_page_and_the_right_total()
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>();

        page.WaitForAssertion(() => Assert.Equal("10003", Total(page)), Wait);
        Assert.Equal(SiteList.PageSize, Domains(page).Count);
        Assert.Equal("bulk00000.example.net", Domains(page)[0]);
    }

    [Fact]
    public async Task Paging_and_sorting_are_done_on_the_server()
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>();
        page.WaitForAssertion(() => Assert.Equal("10003", Total(page)), Wait);
        var grid = page.FindComponent<MudDataGrid<SiteGridRow>>().Instance;

        await page.InvokeAsync(() => grid.NavigateTo(Page.Last));
        page.WaitForAssertion(() => Assert.Equal(["needle0.example.org", "needle1.example.org", "needle2.example.org"], Domains(page)), Wait);

        // Sorting keeps the page: the last page of the descending order is the first three sites.
        await page.InvokeAsync(() => grid.SetSortAsync(nameof(SiteGridRow.Domain), SortDirection.Descending, r => r.Domain));
        page.WaitForAssertion(() => Assert.Equal(["bulk00002.example.net", "bulk00001.example.net", "bulk00000.example.net"], Domains(page)), Wait);
        await page.InvokeAsync(() => grid.NavigateTo(Page.First));
        page.WaitForAssertion(() => Assert.Equal(["needle2.example.org", "needle1.example.org", "needle0.example.org"], Domains(page).Take(3)), Wait);
        Assert.Equal(SiteList.PageSize, Domains(page).Count);

        // Newest first, deep in the list (the seed's creation times count down from bulk00000).
        await page.InvokeAsync(() => grid.SetSortAsync(nameof(SiteGridRow.CreatedAt), SortDirection.Ascending, r => r.CreatedAt));
        await page.InvokeAsync(() => grid.NavigateTo(Page.First));
        page.WaitForAssertion(() => Assert.Equal("bulk09999.example.net", Domains(page)[0]), Wait);
        await page.InvokeAsync(() => grid.SetSortAsync(nameof(SiteGridRow.UserCount), SortDirection.Ascending, r => r.UserCount));
        await page.InvokeAsync(() => grid.NavigateTo(Page.Last));
        await page.InvokeAsync(() => grid.NavigateTo(Page.Previous));
        page.WaitForAssertion(() => Assert.Equal(SiteList.PageSize, Domains(page).Count), Wait);
        Assert.Equal("10003", Total(page));
    }

    [Fact]
    public async Task Sorting_by_status_puts_disabled_sites_apart()
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>("sites?q=needle");
        page.WaitForAssertion(() => Assert.Equal("3", Total(page)), Wait);
        var grid = page.FindComponent<MudDataGrid<SiteGridRow>>().Instance;

        await page.InvokeAsync(() => grid.SetSortAsync(nameof(SiteGridRow.GridStatus), SortDirection.Descending, r => r.GridStatus));
        page.WaitForAssertion(() => Assert.Equal("needle1.example.org", Domains(page)[0]), Wait);
        Assert.Equal("Disabled", page.Find("[data-status]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task Sorting_by_status_follows_the_status_order_with_disabled_last()
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>("sites?q=needle");
        page.WaitForAssertion(() => Assert.Equal("3", Total(page)), Wait);
        var grid = page.FindComponent<MudDataGrid<SiteGridRow>>().Instance;

        await page.InvokeAsync(() => grid.SetSortAsync(nameof(SiteGridRow.GridStatus), SortDirection.Ascending, r => r.GridStatus));
        page.WaitForAssertion(() => Assert.Equal(["needle2.example.org", "needle0.example.org", "needle1.example.org"], Domains(page)), Wait);
    }

    [Theory]
    [InlineData("Applied", "needle0.example.org")]
    [InlineData("Pending", "needle2.example.org")]
    public async Task The_status_filter_shows_the_enabled_sites_in_that_status(string status, string domain)
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>($"sites?q=needle&status={status}");

        page.WaitForAssertion(() => Assert.Equal("1", Total(page)), Wait);
        Assert.Equal([domain], Domains(page));
    }

    [Fact]
    public async Task Search_as_you_type_filters_by_domain_user_or_customer()
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>();
        page.WaitForAssertion(() => Assert.Equal("10003", Total(page)), Wait);

        page.Find("input[data-search], [data-search] input").Input("bulk0999");
        page.WaitForAssertion(() => Assert.Equal("10", Total(page)), Wait);
        Assert.All(Domains(page), d => Assert.StartsWith("bulk0999", d, StringComparison.Ordinal));

        page.Find("input[data-search], [data-search] input").Input(world.Owner.Email);
        page.WaitForAssertion(() => Assert.Equal(["needle0.example.org"], Domains(page)), Wait);
    }

    [Fact]
    public async Task The_query_string_and_the_status_filter_narrow_the_grid()
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>("sites?q=needle&status=Disabled");

        page.WaitForAssertion(() => Assert.Equal("1", Total(page)), Wait);
        Assert.Equal(["needle1.example.org"], Domains(page));
    }

    [Fact]
    public async Task The_disk_column_shows_the_executors_usage_against_the_limit()
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>("sites?q=needle2");

        page.WaitForAssertion(() => Assert.Equal("1", Total(page)), Wait);
        Assert.Equal("3 MiB / 1 MiB (over: read-only)", page.Find("[data-disk]").TextContent.Trim());
    }

    [Fact]
    public async Task The_last_login_column_shows_the_latest_successful_login_of_the_sites_users()
    {
        await using (var scope = world.Panel.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
            var site = db.Sites.Single(s => s.Domain == "needle0.example.org");
            var user = db.SftpAccounts.First(a => a.SiteId == site.Id).UserName;
            db.Set<ActivityLogin>().AddRange(
                new ActivityLogin { SiteId = site.Id, UserName = user, At = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero), Succeeded = true, Method = "password", Address = "192.0.2.9", Port = 1 },
                new ActivityLogin { SiteId = site.Id, UserName = user, At = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), Succeeded = false, Method = "password", Address = "192.0.2.9", Port = 1 });
            await db.SaveChangesAsync();
        }

        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>("sites?q=needle");
        page.WaitForAssertion(() => Assert.Equal("3", Total(page)), Wait);

        Assert.Equal(["2026-11-29 10:00", "never", "never"], page.FindAll("[data-last-login]").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task Last_login_sorts_the_whole_list_in_sql_and_counts_only_successful_logins()
    {
        // Later than any other test's logins, on sites no other test looks at.
        await world.AddLoginAsync("bulk00023", new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), succeeded: true);
        await world.AddLoginAsync("bulk00027", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), succeeded: true);
        await world.AddLoginAsync("bulk00027", new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), succeeded: true);
        await world.AddLoginAsync("bulk00025", new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero), succeeded: false);
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>();
        page.WaitForAssertion(() => Assert.Equal("10003", Total(page)), Wait);
        var grid = page.FindComponent<MudDataGrid<SiteGridRow>>().Instance;
        var column = page.FindComponents<TemplateColumn<SiteGridRow>>().Single(c => c.Instance.Title == "Last login").Instance;
        Assert.True(column.Sortable);

        // Newest first over all 10,003 sites: only a sort in SQL can put these two on the first page.
        await page.InvokeAsync(() => grid.SetSortAsync(column.PropertyName!, SortDirection.Descending, r => r.Id));
        page.WaitForAssertion(() => Assert.Equal(["bulk00023.example.net", "bulk00027.example.net"], Domains(page).Take(2)), Wait);
        Assert.Equal(["2026-12-02 08:00", "2026-12-01 08:00"], page.FindAll("[data-last-login]").Take(2).Select(c => c.TextContent.Trim()));

        // Oldest first: sites never logged in come first, by domain; the two logged-in bulk0002x sites come last of theirs.
        page.Find("input[data-search], [data-search] input").Input("bulk0002");
        page.WaitForAssertion(() => Assert.Equal("10", Total(page)), Wait);
        await page.InvokeAsync(() => grid.SetSortAsync(column.PropertyName!, SortDirection.Ascending, r => r.Id));
        page.WaitForAssertion(() => Assert.Equal(
            ["bulk00020", "bulk00021", "bulk00022", "bulk00024", "bulk00025", "bulk00026", "bulk00028", "bulk00029", "bulk00027", "bulk00023"],
            Domains(page).Select(d => d.Replace(".example.net", "", StringComparison.Ordinal))), Wait);
    }

    [Fact]
    public async Task The_disk_column_sorts_by_the_usage_the_executor_reports_over_every_site_before_paging()
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>();
        page.WaitForAssertion(() => Assert.Equal("10003", Total(page)), Wait);
        var grid = page.FindComponent<MudDataGrid<SiteGridRow>>().Instance;
        Assert.DoesNotContain("sorts by limit", page.Find("thead").TextContent, StringComparison.Ordinal);

        // Usage 3, 2, 1 MiB against limits 1, 50, 100 MiB: by limit the order would be the reverse. None of the three is
        // on the first page by domain: the sort records the executor's report first, then SQL sorts all 10,003 and pages.
        await page.InvokeAsync(() => grid.SetSortAsync(nameof(SiteGridRow.DiskUsedBytes), SortDirection.Descending, r => r.DiskUsedBytes));
        page.WaitForAssertion(() => Assert.Equal(["needle2.example.org", "bulk07000.example.net", "bulk05000.example.net"], Domains(page).Take(3)), Wait);
        Assert.Equal("2 MiB / 50 MiB", page.FindAll("[data-disk]")[1].TextContent.Trim());

        // Ascending: the 10,000 unmeasured sites first, so the measured ones are the last three of the last page.
        await page.InvokeAsync(() => grid.SetSortAsync(nameof(SiteGridRow.DiskUsedBytes), SortDirection.Ascending, r => r.DiskUsedBytes));
        await page.InvokeAsync(() => grid.NavigateTo(Page.Last));
        page.WaitForAssertion(() => Assert.Equal(["bulk05000.example.net", "bulk07000.example.net", "needle2.example.org"], Domains(page).TakeLast(3)), Wait);
        Assert.Equal(3 * 1024 * 1024, await SitePageActions.ReadAsync(world.Panel, db => db.Sites.Where(s => s.Domain == "needle2.example.org").Select(s => s.DiskUsedBytes).SingleAsync()));
    }

    [Fact]
    public async Task Bulk_disable_asks_first_and_changes_only_the_selected_sites()
    {
        await using var circuit = await world.CircuitAsync();
        var page = circuit.Render<SiteList>("sites?q=bulk0001");
        page.WaitForAssertion(() => Assert.Equal("10", Total(page)), Wait);

        page.FindAll("td input[type=checkbox]")[0].Change(true);
        page.FindAll("td input[type=checkbox]")[1].Change(true);
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-selected-count]").TextContent), Wait);
        Assert.Contains("d=bulk00010.example.net&d=bulk00011.example.net", page.Find("[data-bulk-export]").GetAttribute("href"), StringComparison.Ordinal);

        // Cancel changes nothing.
        page.Find("[data-bulk-disable]").Click();
        circuit.WaitForAssertion(() => Assert.Contains("Disable 2 site(s)?", circuit.Markup, StringComparison.Ordinal), Wait);
        circuit.Find("[data-confirm-cancel]").Click();
        circuit.WaitForAssertion(() => Assert.DoesNotContain("Disable 2 site(s)?", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.Equal(0, await world.DisabledAsync("bulk0001"));

        page.Find("[data-bulk-disable]").Click();
        circuit.WaitForAssertion(() => Assert.Contains("Disable 2 site(s)?", circuit.Markup, StringComparison.Ordinal), Wait);
        circuit.Find("[data-confirm-ok]").Click();
        circuit.WaitForAssertion(() => Assert.Contains("Disabled 2 of 2 site(s).", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.Equal(2, await world.DisabledAsync("bulk0001"));

        var audit = await world.Panel.AuditEntriesAsync();
        Assert.Contains(audit, e => e.Action == "site.disable" && e.Target == "bulk00010.example.net" && e.Actor == $"panel:{world.Staff.Email}");
    }

    private static string? Total(IRenderedComponent<SiteList> page) => page.FindAll("[data-total]").FirstOrDefault()?.GetAttribute("data-total");

    private static List<string> Domains(IRenderedComponent<SiteList> page) =>
        page.FindAll("a[data-site]").Select(a => a.GetAttribute("data-site")!).ToList();

    public sealed class World : IAsyncLifetime
    {
        public PanelFactory Panel { get; } = new();

        public TestAccount Staff { get; private set; } = default!;

        public TestAccount Owner { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            await Panel.SeedSitesAsync(10_000, "bulk");
            var first = await Panel.AddCustomerAsync("needle0.example.org");
            Owner = first.Customer!;
            await Panel.AddCustomerAsync("needle1.example.org", withLogin: false);
            var third = await Panel.AddCustomerAsync("needle2.example.org", withLogin: false);
            Staff = await Panel.CreateStaffAsync();
            await using var scope = Panel.Services.CreateAsyncScope();
            var sites = scope.ServiceProvider.GetRequiredService<ISiteService>();
            Assert.True((await sites.SetSiteEnabledAsync("needle1.example.org", false, new Actor("test:fixture"))).Succeeded);
            Assert.True((await sites.SetDiskLimitAsync(third.Domain, "1M", new Actor("test:fixture"))).Succeeded);
            Panel.Executor.DiskUsage.Add(new SiteDiskUsage(third.Domain, 3 * 1024 * 1024, 1024 * 1024, true, true, DateTimeOffset.UtcNow));
            // Two more measured sites whose usage order is the reverse of their limits' (the disk sort is by usage).
            foreach (var (domain, limitMiB, usedMiB) in new[] { ("bulk05000.example.net", 100L, 1L), ("bulk07000.example.net", 50L, 2L) })
            {
                await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Sites.Where(s => s.Domain == domain)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.DiskLimitMiB, limitMiB));
                Panel.Executor.DiskUsage.Add(new SiteDiskUsage(domain, usedMiB * 1024 * 1024, limitMiB * 1024 * 1024, false, true, DateTimeOffset.UtcNow));
            }

            // One status each among the needles: needle0 applied, needle1 disabled, needle2 pending (a change not yet applied).
            var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
            await db.Sites.Where(s => s.Domain == "needle0.example.org").ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SiteStatus.Applied));
            await db.Sites.Where(s => s.Domain == third.Domain).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SiteStatus.Pending));
        }

        public async Task<CircuitHarness> CircuitAsync()
        {
            var circuit = new CircuitHarness(Panel);
            await circuit.SignInAsync(Staff);
            return circuit;
        }

        public async Task AddLoginAsync(string stem, DateTimeOffset at, bool succeeded)
        {
            await using var scope = Panel.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
            var site = await db.Sites.SingleAsync(s => s.Domain == stem + ".example.net");
            db.Set<ActivityLogin>().Add(new ActivityLogin { SiteId = site.Id, UserName = stem, At = at, Succeeded = succeeded, Method = "password", Address = "192.0.2.7", Port = 1 });
            await db.SaveChangesAsync();
        }

        public async Task<int> DisabledAsync(string stem)
        {
            await using var scope = Panel.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
            return db.Sites.Count(s => !s.Enabled && s.Domain.StartsWith(stem));
        }

        public async Task DisposeAsync() => await Panel.DisposeAsync();
    }
}
