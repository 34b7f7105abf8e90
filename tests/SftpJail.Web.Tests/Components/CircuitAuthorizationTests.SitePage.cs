using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Services;
using SftpJail.Data.SetPasswordLinks;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The site page's add-user, customer-login and set-password-link rows of the circuit matrix: Staff and Admin only.
/// Each dialog is filled in as Staff on a fresh site of its own (no customer login), then the tab's user becomes the
/// role under test before the last click or keystroke, so the check inside the handler is what decides. The Customer
/// row is a customer acting on a site that is not theirs.
/// </summary>
public sealed partial class CircuitAuthorizationTests
{
    private static readonly (string Handler, bool Anonymous, bool Customer, bool Staff, bool Admin)[] SiteDialogRows =
    [
        ("site.add-user", false, false, true, true),
        ("site.add-user-check", false, false, true, true),
        ("site.customer-login", false, false, true, true),
        ("site.password-link", false, false, true, true),
    ];

    private static bool IsSiteDialogRow(string handler) => SiteDialogRows.Any(r => r.Handler == handler);

    private async Task SiteDialogHandlerAsync(CircuitHarness circuit, TestAccount? account, string handler, bool allowed)
    {
        var panel = world.Panel;
        var site = await panel.AddCustomerAsync(withLogin: false);
        await circuit.SignInAsync(world.Staff);
        var page = SitePageActions.OpenLoaded(circuit, site.Id);
        Func<Task<bool>> acted;
        switch (handler)
        {
            case "site.add-user":
                var name = panel.Unique("mxuser");
                SiteAddUserDialogTests.OpenAddUser(page, circuit);
                SiteAddUserDialogTests.TypeUserName(circuit, name);
                circuit.WaitForAssertion(() => Assert.Contains("Available.", circuit.Markup, StringComparison.Ordinal), Wait);
                await circuit.SignInAsync(account);
                await SiteAddUserDialogTests.ClickAddAsync(circuit);
                acted = () => SitePageActions.ReadAsync(panel, db => db.SftpAccounts.AnyAsync(a => a.UserName == name));
                break;
            case "site.add-user-check":
                // A read, not a change: a refused tab must not learn whether the name is taken.
                SiteAddUserDialogTests.OpenAddUser(page, circuit);
                await circuit.SignInAsync(account);
                SiteAddUserDialogTests.TypeUserName(circuit, site.UserName);
                circuit.WaitForAssertion(() => Assert.Contains(allowed ? "is already an SFTP user" : "no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
                Assert.Equal(allowed, circuit.Markup.Contains("is already an SFTP user", StringComparison.Ordinal));
                return;
            case "site.customer-login":
                var email = $"{panel.Unique("mxlogin")}@example.test";
                SiteCustomerLoginDialogTests.OpenCustomerLogin(page, circuit);
                SiteCustomerLoginDialogTests.TypeEmail(circuit, email);
                circuit.Find("[data-customer-login-dialog] [data-field=customer-create] input").Change(true);
                await circuit.SignInAsync(account);
                await SiteCustomerLoginDialogTests.ClickOkAsync(circuit);
                acted = async () => await AccountsPageDriver.FindByEmailAsync(panel, email) is not null
                    || (await SitePageActions.AuditActionsAsync(panel, site.Domain)).Contains("site.customer.attach");
                break;
            case "site.password-link":
                SitePageActions.ClickUserMenuItem(circuit, page, site.UserName, "password-link");
                circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-password-link-dialog] [data-create-password-link]")), Wait);
                await circuit.SignInAsync(account);
                circuit.Find("[data-password-link-dialog] [data-create-password-link]").Click();
                acted = async () => (await SitePageActions.AuditActionsAsync(panel, site.Domain)).Contains(SetPasswordLinkService.CreatedAction);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, null);
        }

        if (!allowed)
        {
            circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
        }

        await AssertEventuallyAsync(acted, allowed);
    }

    /// <summary>
    /// A site page opened by Staff (on a site of its own: some actions remove it), then the tab's user becomes
    /// <paramref name="account"/> and clicks through the action: it reaches the audit log only for an allowed role.
    /// </summary>
    private async Task AssertSitePageActionAsync(CircuitHarness circuit, TestAccount? account, string handler, bool allowed)
    {
        var site = await world.Panel.AddCustomerAsync(withLogin: false);
        if (handler == "site.key-remove")
        {
            await using var scope = world.Panel.Services.CreateAsyncScope();
            var added = await scope.ServiceProvider.GetRequiredService<ISiteService>().AddKeyAsync(site.UserName, SitePageActions.Ed25519Key, new Actor("test"));
            Assert.True(added.Succeeded, added.Error);
        }

        await circuit.SignInAsync(world.Staff);
        var page = SitePageActions.OpenLoaded(circuit, site.Id);
        var user = site.UserName;
        string expected;
        switch (handler)
        {
            case "site.password":
                await circuit.SignInAsync(account);
                SitePageActions.ClickUserButton(page, user, "password");
                await SitePageActions.ConfirmAsync(circuit);
                expected = "user.password";
                break;
            case "site.keys":
                SitePageActions.ClickUserButton(page, user, "keys");
                circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-field=new-keys] textarea")), Wait);
                circuit.Find("[data-field=new-keys] textarea").Input(SitePageActions.Ed25519Key);
                circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-parsed-keys] [data-key-ok]")), Wait);
                await circuit.SignInAsync(account);
                circuit.Find("[data-add-key]").Click();
                expected = "user.key.add";
                break;
            case "site.key-remove":
                SitePageActions.ClickUserButton(page, user, "keys");
                circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-keys-dialog] [data-remove-key]")), Wait);
                circuit.Find("[data-keys-dialog] [data-remove-key]").Click();
                circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-remove-key-confirm]")), Wait);
                await circuit.SignInAsync(account);
                circuit.Find("[data-remove-key-confirm]").Click();
                expected = "user.key.remove";
                break;
            case "site.read-only":
            case "site.user-disable":
                await circuit.SignInAsync(account);
                SitePageActions.ClickUserMenuItem(circuit, page, user, handler == "site.read-only" ? "read-only" : "disable");
                await SitePageActions.ConfirmAsync(circuit);
                expected = handler == "site.read-only" ? "user.readonly" : "user.disable";
                break;
            case "site.user-remove":
                await circuit.SignInAsync(account);
                SitePageActions.ClickUserMenuItem(circuit, page, user, "remove");
                SitePageActions.Type(circuit, user);
                await SitePageActions.ConfirmAsync(circuit);
                expected = "user.remove";
                break;
            case "site.disable":
                await circuit.SignInAsync(account);
                page.Find("[data-toggle-site]").Click();
                await SitePageActions.ConfirmAsync(circuit);
                expected = "site.disable";
                break;
            case "site.remove":
                await circuit.SignInAsync(account);
                page.Find("[data-remove-site]").Click();
                SitePageActions.Type(circuit, site.Domain);
                await SitePageActions.ConfirmAsync(circuit);
                expected = "site.remove";
                break;
            case "site.disk-limit":
                await circuit.SignInAsync(account);
                page.Find("[data-disk-limit]").Click();
                circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-field=disk-limit] input")), Wait);
                circuit.Find("[data-field=disk-limit] input").Input("3G");
                await SitePageActions.ConfirmAsync(circuit);
                expected = "site.disklimit";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, null);
        }

        if (!allowed)
        {
            circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
        }

        await AssertEventuallyAsync(async () => (await SitePageActions.AuditActionsAsync(world.Panel, site.Domain)).Contains(expected), allowed);
    }
}
