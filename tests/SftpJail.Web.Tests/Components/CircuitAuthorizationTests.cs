using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Data.Identity;
using SftpJail.Web.Components.Pages;
using SftpJail.Web.Components.Pages.Audit;
using SftpJail.Web.Components.Pages.Host;
using SftpJail.Web.Components.Pages.Sites;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The authorization matrix for circuits: every interactive page's data load and every event handler, for an anonymous
/// visitor, a Customer, Staff and an Admin. The page is rendered straight into the circuit (past the router's
/// [Authorize], which the HTTP matrix covers), and a handler runs with whichever user the tab holds when it is clicked,
/// so a refused role must see no data and change nothing.
/// </summary>
public sealed partial class CircuitAuthorizationTests(CircuitAuthorizationTests.World world) : IClassFixture<CircuitAuthorizationTests.World>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static TheoryData<string, string, bool> Matrix()
    {
        var rows = new (string Handler, bool Anonymous, bool Customer, bool Staff, bool Admin)[]
        {
            ("dashboard.load", false, false, true, true),
            ("dashboard.refresh", false, false, true, true),
            ("sites.load", false, false, true, true),
            ("sites.row-disable", false, false, true, true),
            ("sites.row-enable", false, false, true, true),
            ("sites.row-apply", false, false, true, true),
            ("sites.bulk-disable", false, false, true, true),
            ("sites.bulk-enable", false, false, true, true),
            ("sites.bulk-apply", false, false, true, true),
            ("audit.load", false, false, false, true),
            ("audit.verify", false, false, false, true),
            ("host.load", false, false, false, true),
            ("host.reconcile", false, false, false, true),
            ("host.apply", false, false, false, true),
            ("ssh.load", false, false, false, true),
            ("ssh.remove-key", false, false, false, true),
            ("ssh.close-enrolment", false, false, false, true),
            ("site.load", false, false, true, true),
            ("site.password", false, false, true, true),
            ("site.keys", false, false, true, true),
            ("site.key-remove", false, false, true, true),
            ("site.read-only", false, false, true, true),
            ("site.user-disable", false, false, true, true),
            ("site.user-remove", false, false, true, true),
            ("site.disable", false, false, true, true),
            ("site.remove", false, false, true, true),
            ("site.disk-limit", false, false, true, true),
        }.Concat(SiteDialogRows).Concat(AccountRows).Concat(HostRows).Concat(SshRows).Concat(AddCustomerRows).Concat(ImportRows);
        return ByRole(rows);
    }

    /// <summary>Each row's handler once per role: anonymous, Customer, Staff, Admin, with whether that role may act.</summary>
    private static TheoryData<string, string, bool> ByRole(IEnumerable<(string Handler, bool Anonymous, bool Customer, bool Staff, bool Admin)> rows)
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var row in rows)
        {
            data.Add(row.Handler, "anonymous", row.Anonymous);
            data.Add(row.Handler, PanelRoles.Customer, row.Customer);
            data.Add(row.Handler, PanelRoles.Staff, row.Staff);
            data.Add(row.Handler, PanelRoles.Admin, row.Admin);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_handler_acts_only_for_the_roles_allowed(string handler, string role, bool allowed)
    {
        await using var circuit = new CircuitHarness(world.Panel);
        var account = world.AccountFor(role);
        switch (handler)
        {
            case "dashboard.load":
                await circuit.SignInAsync(account);
                var home = circuit.Render<Home>();
                if (allowed)
                {
                    home.WaitForAssertion(() => Assert.NotNull(home.Find("[data-count=sites]")), Wait);
                }
                else
                {
                    Assert.Empty(home.FindAll("[data-count]"));
                    Assert.DoesNotContain("Dashboard", home.Markup, StringComparison.Ordinal);
                }

                break;
            case "dashboard.refresh":
                await circuit.SignInAsync(world.Admin);
                var dashboard = circuit.Render<Home>();
                // Loaded first: a load finishing between Find and Click re-renders the button under another handler id.
                dashboard.WaitForAssertion(() => Assert.Single(dashboard.FindAll("[data-count=sites]")), Wait);
                await circuit.SignInAsync(account);
                // Found and clicked in one turn of the renderer: the sign-in above re-renders the page under new handler ids.
                await dashboard.InvokeAsync(() => dashboard.Find("[data-refresh]").Click());
                dashboard.WaitForAssertion(() => Assert.Equal(allowed, dashboard.FindAll("[data-count=sites]").Count == 1), Wait);
                break;
            case "sites.load":
                await circuit.SignInAsync(account);
                var sites = circuit.Render<SiteList>();
                if (allowed)
                {
                    sites.WaitForAssertion(() => Assert.NotEmpty(sites.FindAll("a[data-site]")), Wait);
                }
                else
                {
                    sites.WaitForAssertion(() => Assert.Contains("No sites match.", sites.Markup, StringComparison.Ordinal), Wait);
                    Assert.Empty(sites.FindAll("a[data-site]"));
                }

                break;
            case "sites.row-disable":
            case "sites.bulk-disable":
                await AssertSiteChangeAsync(circuit, account, handler, enabledAfter: !allowed, startEnabled: true);
                break;
            case "sites.row-enable":
            case "sites.bulk-enable":
                await AssertSiteChangeAsync(circuit, account, handler, enabledAfter: allowed, startEnabled: false);
                break;
            case "sites.row-apply":
            case "sites.bulk-apply":
                var applies = world.Panel.Executor.ApplyCount;
                var list = await StaffPageWithTargetSelectedAsync(circuit, startEnabled: true);
                await circuit.SignInAsync(account);
                ClickSiteAction(circuit, list, handler == "sites.row-apply" ? "[data-row-apply]" : "[data-bulk-apply]");
                await ConfirmAsync(circuit);
                await AssertEventuallyAsync(() => Task.FromResult(world.Panel.Executor.ApplyCount > applies), allowed);
                break;
            case "audit.load":
                await circuit.SignInAsync(account);
                var audit = circuit.Render<AuditTrail>();
                if (allowed)
                {
                    audit.WaitForAssertion(() => Assert.NotEmpty(audit.FindAll("[data-audit-target]")), Wait);
                }
                else
                {
                    audit.WaitForAssertion(() => Assert.Contains("No entries match.", audit.Markup, StringComparison.Ordinal), Wait);
                    Assert.Empty(audit.FindAll("[data-audit-target]"));
                }

                break;
            case "audit.verify":
                await circuit.SignInAsync(world.Admin);
                var trail = circuit.Render<AuditTrail>();
                await circuit.SignInAsync(account);
                trail.Find("[data-verify]").Click();
                if (allowed)
                {
                    trail.WaitForAssertion(() => Assert.NotNull(trail.Find("[data-chain-intact]")), Wait);
                }
                else
                {
                    circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
                    Assert.Empty(trail.FindAll("[data-chain-intact]"));
                }

                break;
            case "host.load":
            case "ssh.load":
                await circuit.SignInAsync(account);
                _ = handler == "host.load" ? (object)circuit.Render<HostPage>() : circuit.Render<SshAccessPage>();
                circuit.WaitForAssertion(() => Assert.True(circuit.Markup.Contains("data-refusal", StringComparison.Ordinal) || circuit.Markup.Contains(handler == "host.load" ? "data-executor-health" : "data-admins-panel", StringComparison.Ordinal)), Wait);
                Assert.Equal(allowed, !circuit.Markup.Contains("data-refusal", StringComparison.Ordinal));
                Assert.Equal(allowed, circuit.Markup.Contains(handler == "host.load" ? "data-fingerprint" : "data-admins-panel", StringComparison.Ordinal));
                break;
            case "host.reconcile":
                await circuit.SignInAsync(world.Admin);
                var host = circuit.Render<HostPage>();
                host.WaitForAssertion(() => Assert.NotNull(host.Find("[data-reconcile]")), Wait);
                await circuit.SignInAsync(account);
                host.Find("[data-reconcile]").Click();
                if (allowed)
                {
                    host.WaitForAssertion(() => Assert.NotNull(host.Find("[data-drift]")), Wait);
                }
                else
                {
                    circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
                    Assert.Empty(host.FindAll("[data-drift]"));
                }

                break;
            case "host.apply":
                await circuit.SignInAsync(world.Admin);
                var hostPage = circuit.Render<HostPage>();
                hostPage.WaitForAssertion(() => Assert.NotNull(hostPage.Find("[data-repair]")), Wait);
                var hostApplies = world.Panel.Executor.ApplyCount;
                await circuit.SignInAsync(account);
                hostPage.Find("[data-repair]").Click();
                await ConfirmAsync(circuit);
                await AssertEventuallyAsync(() => Task.FromResult(world.Panel.Executor.ApplyCount > hostApplies), allowed);
                break;
            case "ssh.remove-key":
                var keyed = await SshAccessCircuitTests.AddAdminAsync(world.Panel, world.Panel.Unique("mx"), SshAccessCircuitTests.KeyA);
                await circuit.SignInAsync(world.Admin);
                var ssh = await SshAccessCircuitTests.RenderAsync(circuit);
                await circuit.SignInAsync(account);
                ssh.Find($"[data-admin='{keyed}'] [data-remove-key='{SshAccessCircuitTests.FingerprintA}']").Click();
                await ConfirmAsync(circuit);
                await AssertEventuallyAsync(async () => (await SshAccessCircuitTests.AdminAsync(world.Panel, keyed)).Keys.Count == 0, allowed);
                break;
            case "ssh.close-enrolment":
                var enrolling = await SshAccessCircuitTests.AddAdminAsync(world.Panel, world.Panel.Unique("mw"), null);
                await using (var scope = world.Panel.Services.CreateAsyncScope())
                {
                    var opened = await scope.ServiceProvider.GetRequiredService<SftpJail.Data.HostAccess.IHostAccessService>()
                        .OpenEnrolmentAsync(enrolling, TimeSpan.FromMinutes(15), null, new SftpJail.Data.Services.Actor("test"));
                    Assert.True(opened.Succeeded, opened.Error);
                }

                await circuit.SignInAsync(world.Admin);
                var access = await SshAccessCircuitTests.RenderAsync(circuit);
                await circuit.SignInAsync(account);
                access.Find("[data-close-enrolment]").Click();
                await ConfirmAsync(circuit);
                await AssertEventuallyAsync(async () => (await SshAccessCircuitTests.ViewAsync(world.Panel)).Enrolment!.ExpiresAtUtc <= DateTimeOffset.UtcNow, allowed);
                break;
            case "site.load":
                await circuit.SignInAsync(account);
                var sitePage = SitePageActions.Open(circuit, world.TargetId);
                if (allowed)
                {
                    sitePage.WaitForAssertion(() => Assert.NotEmpty(sitePage.FindAll("[data-user]")), Wait);
                }
                else
                {
                    sitePage.WaitForAssertion(() => Assert.NotNull(sitePage.Find("[data-refusal]")), Wait);
                    Assert.Empty(sitePage.FindAll("[data-user]"));
                }

                break;
            case not null when IsSiteDialogRow(handler):
                await SiteDialogHandlerAsync(circuit, account, handler, allowed);
                break;
            case not null when handler.StartsWith("site.", StringComparison.Ordinal):
                await AssertSitePageActionAsync(circuit, account, handler, allowed);
                break;
            case not null when handler.StartsWith("accounts.", StringComparison.Ordinal):
                await AccountHandlerAsync(circuit, account, handler, allowed);
                break;
            case not null when handler.StartsWith("host.", StringComparison.Ordinal):
                await HostHandlerAsync(circuit, account, handler, allowed);
                break;
            case not null when handler.StartsWith("ssh.", StringComparison.Ordinal):
                await SshHandlerAsync(circuit, account, handler, allowed);
                break;
            case not null when handler.StartsWith("add-customer.", StringComparison.Ordinal):
                await AddCustomerHandlerAsync(circuit, account, handler, allowed);
                break;
            case not null when handler.StartsWith("import.", StringComparison.Ordinal):
                await ImportHandlerAsync(circuit, account, handler, allowed);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, null);
        }
    }

    [Fact]
    public async Task A_staff_user_demoted_to_customer_while_the_tab_is_open_cannot_act()
    {
        var staff = await world.Panel.CreateStaffAsync();
        await using var circuit = new CircuitHarness(world.Panel);
        var list = await StaffPageWithTargetSelectedAsync(circuit, startEnabled: true, staff);

        await using (var scope = world.Panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            var user = (await users.FindByIdAsync(staff.Id))!;
            await users.RemoveFromRoleAsync(user, PanelRoles.Staff);
            await users.AddToRoleAsync(user, PanelRoles.Customer);
        }

        list.Find("[data-bulk-disable]").Click();
        await ConfirmAsync(circuit);
        circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.True(await world.TargetEnabledAsync());
    }

    [Fact]
    public async Task A_locked_out_user_cannot_act_from_an_open_tab()
    {
        var staff = await world.Panel.CreateStaffAsync();
        await using var circuit = new CircuitHarness(world.Panel);
        var list = await StaffPageWithTargetSelectedAsync(circuit, startEnabled: true, staff);

        await using (var scope = world.Panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(staff.Id))!, DateTimeOffset.UtcNow.AddHours(1));
        }

        list.Find("[data-bulk-disable]").Click();
        await ConfirmAsync(circuit);
        circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.True(await world.TargetEnabledAsync());
    }

    private async Task AssertSiteChangeAsync(CircuitHarness circuit, TestAccount? account, string handler, bool enabledAfter, bool startEnabled)
    {
        var list = await StaffPageWithTargetSelectedAsync(circuit, startEnabled);
        await circuit.SignInAsync(account);
        ClickSiteAction(circuit, list, handler switch
        {
            "sites.row-disable" => "[data-row-disable]",
            "sites.row-enable" => "[data-row-enable]",
            "sites.bulk-enable" => "[data-bulk-enable]",
            _ => "[data-bulk-disable]",
        });

        await ConfirmAsync(circuit);
        if (enabledAfter == startEnabled)
        {
            circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
        }

        await AssertEventuallyAsync(async () => await world.TargetEnabledAsync() == enabledAfter, true);
    }

    /// <summary>A bulk button, or a row action: the target's row menu is opened first.</summary>
    private void ClickSiteAction(CircuitHarness circuit, IRenderedComponent<SiteList> list, string selector)
    {
        if (selector.StartsWith("[data-row-", StringComparison.Ordinal))
        {
            list.Find($"[data-row-actions='{world.Target}'] button").Click();
            circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find(selector)), Wait);
            circuit.Find(selector).Click();
        }
        else
        {
            list.Find(selector).Click();
        }
    }

    /// <summary>The sites page as Staff showed it, the fixture's target site selected, before the tab's user changes.</summary>
    private async Task<IRenderedComponent<SiteList>> StaffPageWithTargetSelectedAsync(CircuitHarness circuit, bool startEnabled, TestAccount? staff = null)
    {
        await world.SetTargetEnabledAsync(startEnabled);
        await circuit.SignInAsync(staff ?? world.Staff);
        var list = circuit.Render<SiteList>($"sites?q={world.Target}");
        list.WaitForAssertion(() => Assert.Single(list.FindAll("a[data-site]")), Wait);
        list.Find("td input[type=checkbox]").Change(true);
        list.WaitForAssertion(() => Assert.NotNull(list.Find("[data-bulk]")), Wait);
        return list;
    }

    private static async Task ConfirmAsync(CircuitHarness circuit)
    {
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-confirm-ok]")), Wait);
        await Task.Yield();
        circuit.Find("[data-confirm-ok]").Click();
    }

    private static async Task AssertEventuallyAsync(Func<Task<bool>> condition, bool expected)
    {
        // A refused handler must still not have acted a moment later; an allowed one must act in time.
        var deadline = DateTime.UtcNow + (expected ? Wait : TimeSpan.FromMilliseconds(500));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                Assert.True(expected, "the handler acted for a role that is not allowed to");
                return;
            }

            await Task.Delay(50);
        }

        Assert.False(expected, "the handler did not act in time");
    }
}
