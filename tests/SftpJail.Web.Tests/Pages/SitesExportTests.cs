using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>The import format's export downloads (the interactive import page itself: Components/ImportSitesPageTests).</summary>
public sealed class SitesExportTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Export_downloads_the_import_format_for_staff_and_customers_get_403()
    {
        var site = await panel.AddCustomerAsync();
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        using var customer = await panel.LoginAsAsync(await panel.CreateCustomerAsync());

        var csv = await staff.GetAsync("/sites/export.csv");
        var json = await staff.GetAsync("/sites/export.json");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("domain,user,password,key,read_only,customer_email\n", text, StringComparison.Ordinal);
        Assert.Contains(site.Domain, text, StringComparison.Ordinal);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition?.ToString() ?? csv.Headers.GetValues("Content-Disposition").First(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/sites/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/sites/import")).StatusCode);
    }
}
