using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Its own factory: the fake executor here finds no log at all.</summary>
public sealed class ActivityNoSourceTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Without_any_log_source_both_pages_say_so()
    {
        panel.Executor.ActivitySourceFound = false;
        var site = await panel.AddCustomerAsync();
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        using var customer = await panel.LoginAsAsync(site.Customer!);

        var staffPage = await staff.GetPageAsync($"/sites/{site.Id}/activity");
        var customerPage = await customer.GetPageAsync($"/connect/{site.Id}");

        Assert.Contains("No log source", staffPage.Document.QuerySelector("[data-activity-no-source]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(customerPage.Document.QuerySelector("[data-activity-no-source]"));
    }

    [Fact]
    public async Task A_source_without_the_transfer_log_is_named_on_the_page()
    {
        panel.Executor.ActivitySourceFound = true;
        panel.Executor.ActivityWarning = "No transfer log: test";
        try
        {
            var site = await panel.AddCustomerAsync(withLogin: false);
            using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

            var page = await staff.GetPageAsync($"/sites/{site.Id}/activity");

            Assert.Equal("No transfer log: test", page.Document.QuerySelector("[data-activity-warning]")!.TextContent.Trim());
        }
        finally
        {
            panel.Executor.ActivityWarning = null;
        }
    }
}
