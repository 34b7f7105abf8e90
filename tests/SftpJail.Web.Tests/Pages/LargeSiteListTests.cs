using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>
/// The sites list pages, sorts and searches on the server, so 10,000 sites render no more than one page of rows.
/// Speed is a benchmark figure, not an assertion here: timed assertions flake on a loaded CI machine.
/// </summary>
public sealed class LargeSiteListTests(LargeSiteListTests.TenThousandSites world) : IClassFixture<LargeSiteListTests.TenThousandSites>
{
    [Theory]
    [InlineData("/sites", 10_000)]
    [InlineData("/sites?sort=created&desc=true&page=150", 10_000)]
    [InlineData("/sites?sort=users&page=200", 10_000)]
    [InlineData("/sites?q=bulk0999", 10)]
    public async Task A_page_of_ten_thousand_sites_shows_one_page_and_the_right_total(string path, int expectedTotal)
    {
        using var staff = await world.Panel.LoginAsAsync(world.Staff);
        var page = await staff.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(expectedTotal.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Document.QuerySelector("[data-total]")?.GetAttribute("data-total"));
        Assert.InRange(page.Document.QuerySelectorAll("tr[data-site]").Length, 1, 50);
    }

    public sealed class TenThousandSites : IAsyncLifetime
    {
        public PanelFactory Panel { get; } = new();

        public TestAccount Staff { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            await Panel.SeedSitesAsync(10_000, "bulk");
            Staff = await Panel.CreateStaffAsync();
        }

        public async Task DisposeAsync() => await Panel.DisposeAsync();
    }
}
