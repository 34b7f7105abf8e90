using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>
/// A Staff account that still has to enrol an authenticator is held on the enrolment page, but that page's own assets
/// load: every stylesheet and script it links (fingerprinted by MapStaticAssets, e.g. app.&lt;hash&gt;.css) is served, not
/// redirected to the enrolment page (which the browser then refuses as a stylesheet of type text/html).
/// </summary>
public sealed class EnrolmentAssetsTests(TwoFactorPanelFactory panel) : IClassFixture<TwoFactorPanelFactory>
{
    [Fact]
    public async Task The_enrolment_page_links_only_assets_that_are_served_before_enrolment()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var page = await staff.GetPageAsync("/Account/Manage/EnableAuthenticator?required=true");
        Assert.Equal(HttpStatusCode.OK, page.Status);

        var assets = page.Document.QuerySelectorAll("link[rel=stylesheet][href], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
            .ToList();
        Assert.Contains(assets, a => a.StartsWith("app.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var response = await staff.GetAsync("/" + asset.TrimStart('/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }
}
