using SftpJail.Data.SetPasswordLinks;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Security;

/// <summary>
/// Staff disable a user or a site to stop whoever holds it (a customer who left, a leaked link): a set-password link
/// made before must not set a password then, nor once the user is enabled again (the old holder's password would work
/// from that moment), and no new link is made for a disabled user.
/// </summary>
public sealed class SetPasswordLinkDisabledTests : IDisposable
{
    private const string Chosen = "violet-Canyon-anchor-58";

    private readonly SiteServiceFixture f = new();

    public SetPasswordLinkDisabledTests() => Links = new SetPasswordLinkService(f.Db, f.Service, f.Audit, f.Clock, new SetPasswordLinkOptions());

    private SetPasswordLinkService Links { get; }

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task A_link_of_a_user_disabled_since_it_was_made_sets_nothing()
    {
        await f.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        Assert.True((await f.Service.SetUserDisabledAsync("alice", true, Staff)).Succeeded);
        var applies = f.Executor.Applies.Count;

        Assert.Null(await Links.FindAsync(link.Token));
        Assert.Equal(SetPasswordRedeemStatus.NotValid, (await Links.RedeemAsync(link.Token, Chosen)).Status);
        Assert.Equal(applies, f.Executor.Applies.Count);
    }

    [Fact]
    public async Task A_link_of_a_site_disabled_since_it_was_made_sets_nothing()
    {
        await f.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        Assert.True((await f.Service.SetSiteEnabledAsync("site1.com", false, Staff)).Succeeded);
        var applies = f.Executor.Applies.Count;

        Assert.Null(await Links.FindAsync(link.Token));
        Assert.Equal(SetPasswordRedeemStatus.NotValid, (await Links.RedeemAsync(link.Token, Chosen)).Status);
        Assert.Equal(applies, f.Executor.Applies.Count);
    }

    [Fact]
    public async Task A_link_made_before_a_user_was_disabled_does_not_work_again_once_it_is_enabled()
    {
        await f.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        Assert.True((await f.Service.SetUserDisabledAsync("alice", true, Staff)).Succeeded);
        Assert.True((await f.Service.SetUserDisabledAsync("alice", false, Staff)).Succeeded);
        var applies = f.Executor.Applies.Count;

        Assert.Null(await Links.FindAsync(link.Token));
        Assert.Equal(SetPasswordRedeemStatus.NotValid, (await Links.RedeemAsync(link.Token, Chosen)).Status);
        Assert.Equal(applies, f.Executor.Applies.Count);
    }

    [Fact]
    public async Task A_link_made_before_a_site_was_disabled_does_not_work_again_once_it_is_enabled()
    {
        await f.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        Assert.True((await f.Service.SetSiteEnabledAsync("site1.com", false, Staff)).Succeeded);
        Assert.True((await f.Service.SetSiteEnabledAsync("site1.com", true, Staff)).Succeeded);

        Assert.Null(await Links.FindAsync(link.Token));
        Assert.Equal(SetPasswordRedeemStatus.NotValid, (await Links.RedeemAsync(link.Token, Chosen)).Status);
    }

    [Fact]
    public async Task No_link_is_made_for_a_disabled_user_or_a_user_of_a_disabled_site()
    {
        await f.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        await f.AddSiteAsync("site2.com", "bob", "Staff-chosen-2");
        Assert.True((await f.Service.SetUserDisabledAsync("alice", true, Staff)).Succeeded);
        Assert.True((await f.Service.SetSiteEnabledAsync("site2.com", false, Staff)).Succeeded);

        var forAlice = await Links.CreateAsync(new NewSetPasswordLink("alice"), Staff);
        var forBob = await Links.CreateAsync(new NewSetPasswordLink("bob"), Staff);

        Assert.False(forAlice.Succeeded);
        Assert.Contains("disabled", forAlice.Error, StringComparison.Ordinal);
        Assert.False(forBob.Succeeded);
        Assert.Contains("disabled", forBob.Error, StringComparison.Ordinal);
    }

    private async Task<SetPasswordLinkCreated> CreateAsync(string user)
    {
        var made = await Links.CreateAsync(new NewSetPasswordLink(user), Staff);
        Assert.True(made.Succeeded, made.Error);
        return made;
    }
}
