using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>A static page's app bar reads as the interactive one does: menu toggle, brand, then the links.</summary>
public sealed class StaticMenuOrderTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task The_brand_comes_before_the_menu_links_on_a_static_page()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        var page = await admin.GetPageAsync("/Account/Manage");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var bar = page.Document.QuerySelector("[data-appbar]")!;
        var order = bar.QuerySelectorAll("[data-static-menu], a.brand, nav.static-nav-wide").Select(e => e.ClassName).ToList();
        Assert.Equal(["static-nav static-nav-phone", "brand", "static-nav static-nav-wide"], order);
    }
}
