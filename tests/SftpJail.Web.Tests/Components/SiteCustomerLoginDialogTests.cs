using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Identity;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.SitePageActions;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The site page's customer-login dialog over the real panel (Identity, SQLite, audit): a Customer account made for an
/// e-mail (its initial password shown once and working) or an existing one attached; never a staff login, never an
/// account made unasked, and nothing at all for a tab whose user may no longer act.
/// </summary>
public sealed class SiteCustomerLoginDialogTests(SiteDetailPageTests.World world) : IClassFixture<SiteDetailPageTests.World>
{
    private PanelFactory Panel => world.Panel;

    [Fact]
    public async Task A_new_customer_account_is_made_attached_and_its_initial_password_shown_once()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var email = $"{Panel.Unique("owner")}@example.test";
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        OpenCustomerLogin(page, circuit);
        TypeEmail(circuit, "not an address");
        circuit.WaitForAssertion(() => Assert.Contains("This is not an e-mail address.", circuit.Find("[data-customer-login-dialog]").TextContent, StringComparison.Ordinal), Wait);
        Assert.True(OkButton(circuit).HasAttribute("disabled"));
        TypeEmail(circuit, email);
        circuit.Find("[data-customer-login-dialog] [data-field=customer-create] input").Change(true);
        await ClickOkAsync(circuit);

        WaitForText(circuit, $"Customer account {email} was created for {site.Domain}.");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-secret=customer]")), Wait);
        var initial = circuit.Find("[data-secret=customer]").TextContent.Trim();
        page.WaitForAssertion(() => Assert.Equal(email, page.Find("[data-customer]").TextContent.Trim()), Wait);
        await using (var scope = Panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            var account = (await users.FindByEmailAsync(email))!;
            Assert.True(await users.IsInRoleAsync(account, PanelRoles.Customer));
            Assert.True(await users.CheckPasswordAsync(account, initial));
            Assert.Equal(account.Id, await scope.ServiceProvider.GetRequiredService<SftpJail.Data.SftpJailDbContext>().Sites.Where(s => s.Id == site.Id).Select(s => s.CustomerAccountId).SingleAsync());
        }

        var audit = await Panel.FullAuditAsync();
        Assert.Contains(audit, e => e.Action == "site.customer.attach" && e.Target == site.Domain);
        Assert.Contains(audit, e => e.Action == AccountAudit.Created && e.Target == $"account:{email}");
        Assert.DoesNotContain(initial, audit.Select(e => $"{e.Before}{e.After}{e.Detail}"));

        circuit.Find("[data-secret-close]").Click();
        circuit.WaitForAssertion(() => Assert.DoesNotContain("data-secret=\"customer\"", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(initial, circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_customer_is_attached_without_a_password()
    {
        var site = await Panel.AddCustomerAsync();
        var customer = await Panel.CreateCustomerAsync();
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        OpenCustomerLogin(page, circuit);
        Assert.Contains(site.Customer!.Email, circuit.Find("[data-customer-login-dialog]").TextContent, StringComparison.Ordinal);
        TypeEmail(circuit, customer.Email.ToUpperInvariant());
        await ClickOkAsync(circuit);

        WaitForText(circuit, $"{customer.Email.ToUpperInvariant()} can now open the connection page of {site.Domain}.");
        page.WaitForAssertion(() => Assert.Equal(customer.Email, page.Find("[data-customer]").TextContent.Trim()), Wait);
        Assert.DoesNotContain("data-secret=", circuit.Markup, StringComparison.Ordinal);
        Assert.Equal(customer.Id, await CustomerOfAsync(site.Id));
    }

    [Fact]
    public async Task An_unknown_address_is_not_made_into_an_account_unless_asked()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var email = $"{Panel.Unique("nobody")}@example.test";
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        OpenCustomerLogin(page, circuit);
        TypeEmail(circuit, email);
        await ClickOkAsync(circuit);

        circuit.WaitForAssertion(() => Assert.Contains("tick \"create\"", circuit.Find("[data-customer-refusal]").TextContent, StringComparison.Ordinal), Wait);
        Assert.NotNull(circuit.Find("[data-customer-login-dialog]"));
        Assert.Null(await AccountsPageDriver.FindByEmailAsync(Panel, email));
        Assert.Null(await CustomerOfAsync(site.Id));
    }

    [Fact]
    public async Task A_staff_login_is_never_given_a_site()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var staff = await Panel.CreateStaffAsync();
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        OpenCustomerLogin(page, circuit);
        TypeEmail(circuit, staff.Email);
        circuit.Find("[data-customer-login-dialog] [data-field=customer-create] input").Change(true);
        await ClickOkAsync(circuit);

        circuit.WaitForAssertion(() => Assert.Contains("is a staff account", circuit.Find("[data-customer-refusal]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Null(await CustomerOfAsync(site.Id));
        Assert.DoesNotContain("site.customer.attach", await AuditActionsAsync(Panel, site.Domain));
    }

    [Fact]
    public async Task A_tab_whose_user_was_locked_makes_no_account_and_attaches_none()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var email = $"{Panel.Unique("late")}@example.test";
        var staff = await Panel.CreateStaffAsync();
        await using var circuit = new CircuitHarness(Panel);
        await circuit.SignInAsync(staff);
        var page = OpenLoaded(circuit, site.Id);
        OpenCustomerLogin(page, circuit);
        TypeEmail(circuit, email);
        circuit.Find("[data-customer-login-dialog] [data-field=customer-create] input").Change(true);

        await using (var scope = Panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(staff.Id))!, DateTimeOffset.UtcNow.AddHours(1));
        }

        await ClickOkAsync(circuit);

        circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Find("[data-customer-refusal]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Null(await AccountsPageDriver.FindByEmailAsync(Panel, email));
        Assert.Null(await CustomerOfAsync(site.Id));
    }

    internal static void OpenCustomerLogin(IRenderedComponent<SftpJail.Web.Components.Pages.Sites.SitePage.SiteDetailPage> page, CircuitHarness circuit)
    {
        page.Find("[data-customer-login]").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-customer-login-dialog] [data-field=customer-email] input")), Wait);
    }

    internal static void TypeEmail(CircuitHarness circuit, string email) => circuit.Find("[data-customer-login-dialog] [data-field=customer-email] input").Input(email);

    internal static async Task ClickOkAsync(CircuitHarness circuit)
    {
        circuit.WaitForAssertion(() => Assert.False(OkButton(circuit).HasAttribute("disabled")), Wait);
        await Task.Yield();
        OkButton(circuit).Click();
    }

    private static AngleSharp.Dom.IElement OkButton(CircuitHarness circuit) => circuit.Find("[data-customer-login-ok]");

    private Task<string?> CustomerOfAsync(int siteId) => ReadAsync(Panel, db => db.Sites.Where(s => s.Id == siteId).Select(s => s.CustomerAccountId).SingleAsync());
}
