using SftpJail.Data.SetPasswordLinks;
using SftpJail.Data.Tests.SetPasswordLinks;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Security;

/// <summary>
/// Staff disable a user or a site to stop whoever holds it (a customer who left, a leaked link): a set-password link
/// made before must not set a password then, nor once the user is enabled again (the old holder's password would work
/// from that moment), and no new link is made for a disabled user.
/// </summary>
public sealed class SetPasswordLinkDisabledTests : SetPasswordLinkTestBase
{
    [Theory]
    [InlineData("user", false)]
    [InlineData("site", false)]
    [InlineData("user", true)]
    [InlineData("site", true)]
    public async Task A_link_made_before_its_user_or_site_was_disabled_sets_nothing_then_or_after_enabling(string disabled, bool enabledAgain)
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        await SetEnabledAsync(disabled, false);
        if (enabledAgain)
        {
            await SetEnabledAsync(disabled, true);
        }

        await AssertSetsNothingAsync(link, F.Executor.Applies.Count);
    }

    [Fact]
    public async Task No_link_is_made_for_a_disabled_user_or_a_user_of_a_disabled_site()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        await F.AddSiteAsync("site2.com", "bob", "Staff-chosen-2");
        Assert.True((await F.Service.SetUserDisabledAsync("alice", true, Staff)).Succeeded);
        Assert.True((await F.Service.SetSiteEnabledAsync("site2.com", false, Staff)).Succeeded);

        var forAlice = await Links.CreateAsync(new NewSetPasswordLink("alice"), Staff);
        var forBob = await Links.CreateAsync(new NewSetPasswordLink("bob"), Staff);

        Assert.False(forAlice.Succeeded);
        Assert.Contains("disabled", forAlice.Error, StringComparison.Ordinal);
        Assert.False(forBob.Succeeded);
        Assert.Contains("disabled", forBob.Error, StringComparison.Ordinal);
    }

    private async Task SetEnabledAsync(string what, bool enabled)
    {
        var result = what == "user"
            ? await F.Service.SetUserDisabledAsync("alice", !enabled, Staff)
            : await F.Service.SetSiteEnabledAsync("site1.com", enabled, Staff);
        Assert.True(result.Succeeded, result.Error);
    }
}
