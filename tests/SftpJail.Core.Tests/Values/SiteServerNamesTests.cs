using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using static SftpJail.Core.Tests.WebServer.WebProfiles;

namespace SftpJail.Core.Tests.Values;

public sealed class SiteServerNamesTests
{
    private static SiteDomain D(string text) => SiteDomain.Parse(text);

    [Theory]
    [InlineData("www.shop1.example", "shop1.example", "www.shop1.example is already served by the site shop1.example (every site answers for its www. name).")]
    [InlineData("shop1.example", "www.shop1.example", "shop1.example would also answer for www.shop1.example, which is already a site of its own.")]
    [InlineData("shop1.example", "shop1.example", "The site shop1.example already exists.")]
    public void Names_a_site_would_share_with_an_existing_one_clash(string candidate, string existing, string expected)
    {
        Assert.Equal(expected, SiteServerNames.Clash(D(candidate), D(existing)));
    }

    [Theory]
    [InlineData("shop1.example", "www.other.example")]
    [InlineData("shop1.example", "wwwshop1.example")]
    [InlineData("shop1.example", "www.sub.shop1.example")]
    [InlineData("www.www.shop1.example", "shop1.example")]
    [InlineData("shop1.example", "sub.shop1.example")]
    public void Names_that_share_nothing_do_not_clash(string candidate, string existing)
    {
        Assert.Null(SiteServerNames.Clash(D(candidate), D(existing)));
        Assert.Null(SiteServerNames.Clash(D(existing), D(candidate)));
    }

    [Fact]
    public void The_neighbours_of_a_www_name_are_its_own_alias_and_the_site_it_is_the_alias_of()
    {
        Assert.Equal(["www.www.shop1.example", "shop1.example"], SiteServerNames.Neighbours(D("www.shop1.example")));
        Assert.Equal(["www.shop1.example"], SiteServerNames.Neighbours(D("shop1.example")));
        Assert.Equal(["www.www.example"], SiteServerNames.Neighbours(D("www.example"))); // "example" alone is no site name
    }

    [Fact]
    public void The_names_checked_are_the_names_both_renderers_write()
    {
        var host = Host("Debian");
        var site = Site("shop1.example");

        var nginx = NginxVhostRenderer.Render(site, host, Web(host, "Nginx"), tls: null);
        var apache = ApacheVhostRenderer.Render(site, host, Web(host, "Apache"), tls: null);

        var names = SiteServerNames.Of(site.Domain);
        Assert.Contains($"server_name {string.Join(' ', names)};", nginx, StringComparison.Ordinal);
        Assert.Contains($"ServerName {names[0]}\n", apache, StringComparison.Ordinal);
        Assert.Contains($"ServerAlias {string.Join(' ', names.Skip(1))}\n", apache, StringComparison.Ordinal);
    }
}
