using SftpJail.Core.Contract;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Staff set a site's disk limit on its page; the site page and the list show the executor's usage against it.</summary>
public sealed class SiteDiskLimitTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Setting_a_limit_on_the_site_page_is_audited_and_sent_to_the_executor_in_MiB()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var posted = await staff.SubmitAsync($"/sites/{site.Id}/classic", "set-disk-limit", new Dictionary<string, string> { ["Limit.Value"] = "2G" });
        var page = await staff.FollowAsync(posted);

        Assert.Contains("The disk limit of", page.Flash(), StringComparison.Ordinal);
        Assert.Equal(2048, panel.Executor.LastApplied!.Sites.Single(s => s.Domain == site.Domain).DiskLimitMiB);
        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Action == "site.disklimit" && e.Target == site.Domain && e.Result == "applied");
        Assert.Equal("? / 2 GiB", page.Document.QuerySelector("[data-disk-usage]")!.TextContent.Trim());
        Assert.StartsWith("executor-enforced", page.Document.QuerySelector("[data-disk-enforcement]")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_limit_the_panel_cannot_read_is_refused_before_anything_is_sent()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var applies = panel.Executor.ApplyCount;

        var page = await staff.SubmitAsync($"/sites/{site.Id}/classic", "set-disk-limit", new Dictionary<string, string> { ["Limit.Value"] = "lots" });

        Assert.Contains(page.ValidationMessages(), m => m.Contains("whole number with an optional unit", StringComparison.Ordinal));
        Assert.Equal(applies, panel.Executor.ApplyCount);
    }

    [Fact]
    public async Task The_site_page_shows_usage_over_the_limit()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        await staff.FollowAsync(await staff.SubmitAsync($"/sites/{site.Id}/classic", "set-disk-limit", new Dictionary<string, string> { ["Limit.Value"] = "1M" }));
        panel.Executor.DiskUsage.Add(new SiteDiskUsage(site.Domain, 3 * 1024 * 1024, 1024 * 1024, true, true, DateTimeOffset.UtcNow));

        var detail = await staff.GetPageAsync($"/sites/{site.Id}/classic");

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
