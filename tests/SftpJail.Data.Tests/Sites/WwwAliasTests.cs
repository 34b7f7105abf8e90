using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Sites;

/// <summary>Every site's vhost also answers for its www. name, so no other site may be given that name.</summary>
public sealed class WwwAliasTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task A_new_site_named_after_an_existing_sites_www_alias_is_refused()
    {
        await f.AddSiteAsync("shop1.example", "shop1");
        var appliesBefore = f.Executor.Applies.Count;

        var result = await f.AddSiteAsync("www.shop1.example", "wwwshop1");

        Assert.False(result.Succeeded);
        Assert.Equal("domain: www.shop1.example is already served by the site shop1.example (every site answers for its www. name).", result.Error);
        Assert.Equal(appliesBefore, f.Executor.Applies.Count);
        Assert.Equal((1, 1, 0), f.Counts());
        Assert.Single(f.AuditRows());
    }

    [Fact]
    public async Task A_new_site_whose_www_alias_is_an_existing_site_is_refused()
    {
        await f.AddSiteAsync("www.shop2.example", "wwwshop2");

        var result = await f.AddSiteAsync("SHOP2.example", "shop2");

        Assert.False(result.Succeeded);
        Assert.Equal("domain: shop2.example would also answer for www.shop2.example, which is already a site of its own.", result.Error);
        Assert.Equal((1, 1, 0), f.Counts());
    }

    [Fact]
    public async Task The_preview_refuses_the_clash_too_without_asking_the_executor()
    {
        await f.AddSiteAsync("shop3.example", "shop3");

        var preview = await f.Service.PreviewAddSiteAsync(new NewSiteRequest("www.shop3.example", "wwwshop3"));

        Assert.StartsWith("domain: www.shop3.example is already served by the site shop3.example", preview.Error, StringComparison.Ordinal);
        Assert.Empty(f.Executor.Plans);
    }

    [Fact]
    public async Task A_www_alias_counts_for_a_disabled_site_as_well()
    {
        await f.AddSiteAsync("paused.example", "paused");
        Assert.True((await f.Service.SetSiteEnabledAsync("paused.example", false, Staff)).Succeeded);

        var result = await f.AddSiteAsync("www.paused.example", "wwwpaused");

        Assert.False(result.Succeeded);
        Assert.Contains("already served by the site paused.example", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shop4.example", "www.other.example")]
    [InlineData("shop4.example", "wwwshop4.example")]
    [InlineData("shop4.example", "www.sub.shop4.example")]
    [InlineData("www.example", "example.www.example")]
    [InlineData("shop4.example", "ww.shop4.example")]
    public async Task Names_that_share_no_served_name_are_both_accepted(string existing, string added)
    {
        Assert.True((await f.AddSiteAsync(existing, "first")).Succeeded);

        var result = await f.AddSiteAsync(added, "second");

        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public async Task Three_www_levels_clash_with_the_level_below_only()
    {
        await f.AddSiteAsync("www.deep.example", "deep1");

        var below = await f.AddSiteAsync("www.www.deep.example", "deep2");
        var above = await f.AddSiteAsync("deep.example", "deep3");

        Assert.Contains("already served by the site www.deep.example", below.Error, StringComparison.Ordinal);
        Assert.Contains("would also answer for www.deep.example", above.Error, StringComparison.Ordinal);
    }
}
