using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.SetPasswordLinks;
using SftpJail.Web.Components.Pages.Sites.AddCustomer;
using SftpJail.Web.Components.Shared;
using SftpJail.Web.Tests.Components;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.SetPasswordLinks;

/// <summary>The staff button that makes a set-password link, in a bUnit circuit over the real panel and the fake executor.</summary>
public sealed class SetPasswordLinkButtonTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Staff_get_a_working_link_shown_once_with_a_copy_button()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(await panel.CreateStaffAsync());
        var copy = ctx.JSInterop.SetupModule("./js/handover.js");
        copy.SetupVoid("copy", _ => true).SetVoidResult();
        var button = ctx.Render<SetPasswordLinkButton>(p => p.Add(b => b.SiteId, site.Id).Add(b => b.UserName, site.UserName));

        await button.Find("[data-create-password-link]").ClickAsync(new());

        button.WaitForAssertion(() => Assert.NotEmpty(button.FindAll("[data-password-link]")), Wait);
        var link = button.Find("[data-password-link]").TextContent.Trim();
        Assert.StartsWith("http://localhost/set-password/", link, StringComparison.Ordinal);
        var target = await FindAsync(link);
        Assert.Equal((site.Domain, site.UserName), (target?.Domain, target?.UserName));
        Assert.Empty(button.FindAll("[data-create-password-link]"));

        await button.Find("[data-copy=password-link]").ClickAsync(new());
        Assert.Equal(link, copy.VerifyInvoke("copy").Arguments[0]);
    }

    [Fact]
    public async Task A_second_link_replaces_the_first_and_says_so()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(await panel.CreateStaffAsync());
        var first = await MakeAsync(ctx, site);

        var again = ctx.Render<SetPasswordLinkButton>(p => p.Add(b => b.SiteId, site.Id).Add(b => b.UserName, site.UserName));
        await again.Find("[data-create-password-link]").ClickAsync(new());

        again.WaitForAssertion(() => Assert.Contains("earlier link", again.Find("[data-password-link-message]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Null(await FindAsync(first));
        Assert.NotNull(await FindAsync(again.Find("[data-password-link]").TextContent.Trim()));
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("anonymous")]
    public async Task Anyone_but_staff_is_refused_at_the_click_and_no_link_is_made(string who)
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        await using var ctx = new PanelComponentContext(panel);
        if (who == "customer")
        {
            await ctx.SignInAs(await panel.CreateCustomerAsync());
        }

        var button = ctx.Render<SetPasswordLinkButton>(p => p.Add(b => b.SiteId, site.Id).Add(b => b.UserName, site.UserName));
        await button.Find("[data-create-password-link]").ClickAsync(new());

        button.WaitForAssertion(() => Assert.Contains("no longer allowed", button.Find("[data-password-link-message]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(button.FindAll("[data-password-link]"));
        Assert.Equal(0, await CountLinksAsync(site.UserName));
    }

    [Fact]
    public async Task The_hand_over_card_offers_the_button_for_its_user()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(await panel.CreateStaffAsync());

        var card = ctx.Render<HandOverCard>(p => p.Add(c => c.UserName, site.UserName).Add(c => c.Domain, site.Domain).Add(c => c.SiteId, site.Id).Add(c => c.SftpHost, "sftp.example.test"));
        await card.Find("[data-create-password-link]").ClickAsync(new());

        card.WaitForAssertion(() => Assert.NotEmpty(card.FindAll("[data-password-link]")), Wait);
        Assert.Equal(site.UserName, (await FindAsync(card.Find("[data-password-link]").TextContent.Trim()))?.UserName);
    }

    private async Task<string> MakeAsync(PanelComponentContext ctx, TestSite site)
    {
        var button = ctx.Render<SetPasswordLinkButton>(p => p.Add(b => b.SiteId, site.Id).Add(b => b.UserName, site.UserName));
        await button.Find("[data-create-password-link]").ClickAsync(new());
        button.WaitForAssertion(() => Assert.NotEmpty(button.FindAll("[data-password-link]")), Wait);
        return button.Find("[data-password-link]").TextContent.Trim();
    }

    private async Task<SetPasswordLinkTarget?> FindAsync(string link)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SetPasswordLinkService>().FindAsync(new Uri(link).Segments[^1]);
    }

    private async Task<int> CountLinksAsync(string userName)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJail.Data.SftpJailDbContext>();
        return db.Set<SetPasswordLink>().Count(l => l.Account!.UserName == userName);
    }
}
