using SftpJail.Core.Values;
using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Sites;

public sealed class UserNameSuggestionTests
{
    [Theory]
    [InlineData("site1.com", "site1")]
    [InlineData("Shop.Example.org", "shop")]
    [InlineData("www.shop.example", "shop")]
    [InlineData("www.com", "www")]
    [InlineData("123abc.example", "s123abc")]
    [InlineData("my-shop.example", "my-shop")]
    [InlineData("bücher.example", "xn--bcher-kva")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcdefghij.example", "abcdefghijklmnopqrstuvwxyz012345")]
    public void The_suggestion_is_the_first_meaningful_label_made_into_a_valid_name(string domain, string expected)
    {
        var suggestion = UserNameSuggestion.FromDomain(SiteDomain.Parse(domain));

        Assert.Equal(expected, suggestion);
        Assert.True(LinuxUserName.TryParse(suggestion, out _, out var error), error);
    }

    [Fact]
    public void A_reserved_suggestion_falls_back_to_a_numbered_variant()
    {
        Assert.Equal("mail-2", UserNameSuggestion.Candidates(SiteDomain.Parse("mail.example.com")).First().Value);
    }

    [Fact]
    public void Numbered_variants_stay_within_32_characters()
    {
        var long32 = new string('a', 40) + ".example";

        var variants = UserNameSuggestion.Candidates(SiteDomain.Parse(long32)).Take(12).Select(n => n.Value).ToList();

        Assert.Equal(new string('a', 32), variants[0]);
        Assert.Equal(new string('a', 30) + "-2", variants[1]);
        Assert.Equal(new string('a', 29) + "-12", variants[11]);
    }

    [Fact]
    public async Task Adding_sites_without_a_user_name_picks_the_first_free_suggestion()
    {
        using var f = new SiteServiceFixture();

        await f.AddSiteAsync("site1.com");
        await f.AddSiteAsync("site1.org");
        var suggested = await f.Service.SuggestUserNameAsync("www.site1.net");

        Assert.Equal(["site1", "site1-2"], f.Executor.LastState.Sites.Select(s => s.Users.Single().Name));
        Assert.Equal("site1-3", suggested);
        Assert.Null(await f.Service.SuggestUserNameAsync("not a domain"));
    }
}
