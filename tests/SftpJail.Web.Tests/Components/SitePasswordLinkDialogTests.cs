using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Data.SetPasswordLinks;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.SitePageActions;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The site page's per-user set-password link (the shared <c>SetPasswordLinkButton</c> in a dialog) over the real
/// panel: the link works for that user, is shown only in the open dialog, is offered to no keys-only user, and is not
/// made for a tab whose user may no longer act.
/// </summary>
public sealed class SitePasswordLinkDialogTests(SiteDetailPageTests.World world) : IClassFixture<SiteDetailPageTests.World>
{
    private PanelFactory Panel => world.Panel;

    [Fact]
    public async Task Staff_make_a_working_link_for_the_row_s_user_shown_until_the_dialog_closes()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        ClickUserMenuItem(circuit, page, site.UserName, "password-link");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-password-link-dialog] [data-create-password-link]")), Wait);
        circuit.Find("[data-password-link-dialog] [data-create-password-link]").Click();

        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-password-link-dialog] [data-password-link]")), Wait);
        var link = circuit.Find("[data-password-link]").TextContent.Trim();
        var target = await FindAsync(link);
        Assert.Equal((site.Domain, site.UserName), (target?.Domain, target?.UserName));
        Assert.Contains(SetPasswordLinkService.CreatedAction, await AuditActionsAsync(Panel, site.Domain));

        circuit.Find("[data-password-link-close]").Click();
        circuit.WaitForAssertion(() => Assert.DoesNotContain("data-password-link-dialog", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(link, circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keys_only_user_is_offered_no_link()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var keyed = Panel.Unique("keyonly");
        await using (var scope = Panel.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<ISiteService>().AddUserAsync(new NewUserRequest(site.Domain, keyed, Keys: [Ed25519Key], KeyOnly: true), new Actor("test:fixture"));
            Assert.True(added.Succeeded, added.Error);
        }

        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-user]").Count), Wait);

        page.Find($"[data-more-actions='{keyed}'] button").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-action='remove']")), Wait);
        Assert.DoesNotContain("data-action=\"password-link\"", circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tab_whose_user_was_locked_gets_no_link()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var staff = await Panel.CreateStaffAsync();
        await using var circuit = new CircuitHarness(Panel);
        await circuit.SignInAsync(staff);
        var page = OpenLoaded(circuit, site.Id);
        ClickUserMenuItem(circuit, page, site.UserName, "password-link");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-password-link-dialog] [data-create-password-link]")), Wait);

        await using (var scope = Panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(staff.Id))!, DateTimeOffset.UtcNow.AddHours(1));
        }

        circuit.Find("[data-password-link-dialog] [data-create-password-link]").Click();

        circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Find("[data-password-link-message]").TextContent, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain("/set-password/", circuit.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(SetPasswordLinkService.CreatedAction, await AuditActionsAsync(Panel, site.Domain));
    }

    private async Task<SetPasswordLinkTarget?> FindAsync(string link)
    {
        await using var scope = Panel.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SetPasswordLinkService>().FindAsync(new Uri(link).Segments[^1]);
    }
}
