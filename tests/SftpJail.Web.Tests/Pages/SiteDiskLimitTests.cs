using Microsoft.Extensions.DependencyInjection;
using SftpJail.Core.Contract;
using SftpJail.Data.Services;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>The site page and the host page show the executor's disk usage against the limit (the limit dialog is SiteDetailPageTests').</summary>
public sealed class SiteDiskLimitTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task The_site_page_shows_usage_over_the_limit()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        await using (var scope = panel.Services.CreateAsyncScope())
        {
            var set = await scope.ServiceProvider.GetRequiredService<ISiteService>().SetDiskLimitAsync(site.Domain, "1M", new Actor("test"));
            Assert.True(set.Succeeded, set.Error);
        }

        panel.Executor.DiskUsage.Add(new SiteDiskUsage(site.Domain, 3 * 1024 * 1024, 1024 * 1024, true, true, DateTimeOffset.UtcNow));

        var detail = await staff.GetPageAsync($"/sites/{site.Id}"); // prerendered

        Assert.Equal("3 MiB / 1 MiB (over: read-only)", detail.Document.QuerySelector("[data-disk-usage]")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_host_page_says_which_limit_is_in_force_and_shows_the_executors_layout_warnings()
    {
        panel.Executor.DiskWarnings = ["Host:StateDir (/srv/state) is on the same file system as Host:JailRoot (/srv/jail): test"];
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        var page = await admin.GetPageAsync("/host");

        Assert.StartsWith("executor-enforced (kernel quotas:", page.Document.QuerySelector("[data-disk-enforcement]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains(page.Document.QuerySelectorAll("[data-disk-warning]"), w => w.TextContent.Contains("Host:StateDir (/srv/state)", StringComparison.Ordinal));
    }
}
