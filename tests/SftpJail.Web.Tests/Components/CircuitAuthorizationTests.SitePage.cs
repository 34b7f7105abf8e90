using Bunit;
using Microsoft.EntityFrameworkCore;
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
}
