using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Data.Services;

namespace SftpJail.Data.Tests.Sites;

/// <summary>A site group's creation or removal belongs to its site in a preview, not to the shared steps.</summary>
public sealed class DriftAttributionGroupTests
{
    private const string LongDomain = "a-very-long-customer-name.example.co.uk";

    [Theory]
    [InlineData("sftpjail")]
    [InlineData("my-jail")]
    public void A_site_groups_step_counts_for_its_site_whatever_the_jail_group_is_called(string jailGroup)
    {
        var profile = new HostProfileOptions { JailGroup = jailGroup }.ToProfile();
        string[] domains = ["shop.example", "my-shop.example", "jail-shop.example", LongDomain];
        var state = new DesiredStateDto([.. domains.Select(d => new SiteDto(d, true, [new JailUserDto("u" + d.Length, false, false, false, [])]))]);
        var steps = domains.Select(d => new CreateGroupAction(SiteGroups.For(profile, SiteDomain.Parse(d)), System: false, SiteGroupSteps.CreateSummary(SiteDomain.Parse(d))).Describe())
            // A removed site whose group name ends like a kept site's (old-shop_example, shop_example) is not that site's.
            .Append(new RemoveSiteGroupAction(SiteGroups.For(profile, SiteDomain.Parse("old-shop.example")), SiteDomain.Parse("old-shop.example")).Describe())
            .Append(new CreateGroupAction(profile.JailGroup).Describe())
            .ToList();

        var (perSite, shared) = DriftAttribution.SplitBySite(state, steps);

        Assert.All(domains, d => Assert.Equal(1, perSite.GetValueOrDefault(d)));
        Assert.Equal([SiteGroups.For(profile, SiteDomain.Parse("old-shop.example")).Value, jailGroup], shared.Select(s => s.Target));
    }
}
