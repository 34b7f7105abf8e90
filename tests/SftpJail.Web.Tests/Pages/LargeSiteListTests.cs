using System.Diagnostics;
using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>The sites list pages, sorts and searches on the server, so 10,000 sites cost no more than 50.</summary>
public sealed class LargeSiteListTests(LargeSiteListTests.TenThousandSites world) : IClassFixture<LargeSiteListTests.TenThousandSites>
{
    [Theory]
    [InlineData("/sites", 10_000)]
    [InlineData("/sites?sort=created&desc=true&page=150", 10_000)]
    [InlineData("/sites?sort=users&page=200", 10_000)]
    [InlineData("/sites?q=bulk0999", 10)]
    public async Task A_page_of_ten_thousand_sites_renders_fast(string path, int expectedTotal)
    {
        using var staff = await world.Panel.LoginAsAsync(world.Staff);
        await staff.GetAsync(path); // warm-up: first query compiles

        var watch = Stopwatch.StartNew();
        var page = await staff.GetPageAsync(path);
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(expectedTotal.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Document.QuerySelector("[data-total]")?.GetAttribute("data-total"));
        Assert.InRange(page.Document.QuerySelectorAll("tr[data-site]").Length, 1, 50);
        Assert.True(watch.ElapsedMilliseconds < 2000, $"{path} took {watch.ElapsedMilliseconds} ms");
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
