using Bunit;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data.ApiTokens;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Api;
using SftpJail.Web.Tests.Fixtures;
using SftpJail.Web.Tests.Pages;
using static SftpJail.Web.Tests.Components.TokensActivityDriver;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The API tokens page (Admin only) and the site activity page (Staff and Admin) in the circuit matrix. A handler is
/// reached as a user allowed to see the page, then the tab's user becomes the role under test just before the last
/// click (or the live tail's next tick), so the check inside the handler is what decides.
/// </summary>
public sealed partial class CircuitAuthorizationTests
{
    private static readonly (string Handler, bool Anonymous, bool Customer, bool Staff, bool Admin)[] TokensActivityRows =
    [
        ("tokens.load", false, false, false, true),
        ("tokens.create", false, false, false, true),
        ("tokens.revoke", false, false, false, true),
        ("activity.load", false, false, true, true),
        ("activity.close-session", false, false, true, true),
        ("activity.live-tail", false, false, true, true),
    ];

    public static TheoryData<string, string, bool> TokensActivityMatrix() => ByRole(TokensActivityRows);

    [Theory]
    [MemberData(nameof(TokensActivityMatrix))]
    public async Task Each_tokens_and_activity_handler_acts_only_for_the_roles_allowed(string handler, string role, bool allowed)
    {
        await using var circuit = new CircuitHarness(world.Panel);
        var account = world.AccountFor(role);
        if (handler.StartsWith("tokens.", StringComparison.Ordinal))
        {
            await TokenHandlerAsync(circuit, account, handler, allowed);
        }
        else
        {
            await ActivityHandlerAsync(circuit, account, handler, allowed);
        }
    }

    private async Task TokenHandlerAsync(CircuitHarness circuit, TestAccount? account, string handler, bool allowed)
    {
        var panel = world.Panel;
        switch (handler)
        {
            case "tokens.load":
                var existing = await panel.CreateTokenAsync(world.Staff, ApiTokenScope.Staff);
                var display = (await panel.ReadTokenAsync(existing)).KeyId;
                await circuit.SignInAsync(account);
                var list = OpenTokens(circuit);
                list.WaitForAssertion(() => Assert.True(list.FindAll("[data-refusal]").Count == 1 || list.FindAll("[data-token-display]").Count > 0), Wait);
                Assert.Equal(allowed, list.FindAll("[data-token-display]").Count > 0);
                Assert.Equal(allowed, list.Markup.Contains(ApiTokenSecret.Display(display), StringComparison.Ordinal));
                Assert.Equal(!allowed, list.FindAll("[data-refusal]").Count == 1);
                return;
            case "tokens.create":
                var name = panel.Unique("matrix-token");
                await circuit.SignInAsync(world.Admin);
                var form = OpenTokensLoaded(circuit);
                FillToken(form, world.Staff.Email, name);
                await circuit.SignInAsync(account);
                form.Find("[data-create-token]").Click();
                if (!allowed)
                {
                    circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
                    Assert.Empty(form.FindAll("[data-secret]"));
                }

                await AssertEventuallyAsync(async () => (await TokenNamesAsync()).Contains(name), allowed);
                return;
            case "tokens.revoke":
                var token = await panel.CreateTokenAsync(world.Staff, ApiTokenScope.Staff);
                var id = (await panel.ReadTokenAsync(token)).Id;
                await circuit.SignInAsync(world.Admin);
                var page = OpenTokensLoaded(circuit);
                page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-revoke='{id}']")), Wait);
                await circuit.SignInAsync(account);
                page.Find($"[data-revoke='{id}']").Click();
                await ConfirmAsync(circuit);
                if (!allowed)
                {
                    circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
                }

                await AssertEventuallyAsync(async () => (await panel.ReadTokenAsync(token)).RevokedAt is not null, allowed);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, null);
        }
    }

    private async Task ActivityHandlerAsync(CircuitHarness circuit, TestAccount? account, string handler, bool allowed)
    {
        var panel = world.Panel;
        var site = await panel.AddCustomerAsync(withLogin: false);
        var pid = ActivityEvents.NextPid();
        panel.Executor.Log(ActivityEvents.Session(site.UserName, pid, close: false));
        switch (handler)
        {
            case "activity.load":
                await circuit.SignInAsync(account);
                var view = OpenActivity(circuit, site.Id);
                view.WaitForAssertion(() => Assert.True(view.FindAll("[data-refusal]").Count == 1 || view.FindAll("[data-session]").Count > 0), Wait);
                Assert.Equal(allowed, view.FindAll("[data-session]").Count > 0);
                Assert.Equal(allowed, view.Markup.Contains(site.UserName, StringComparison.Ordinal));
                return;
            case "activity.close-session":
                await circuit.SignInAsync(world.Staff);
                var page = OpenActivity(circuit, site.Id);
                page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-close-session]")), Wait);
                await circuit.SignInAsync(account);
                page.Find("[data-close-session]").Click();
                await ConfirmAsync(circuit);
                if (!allowed)
                {
                    circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
                }

                await AssertEventuallyAsync(() => Task.FromResult(panel.Executor.ClosedSessions.Any(c => c.Pid == pid)), allowed);
                return;
            case "activity.live-tail":
                await circuit.SignInAsync(world.Staff);
                var tail = OpenActivity(circuit, site.Id, "?live=1");
                tail.WaitForAssertion(() => Assert.Single(tail.FindAll("[data-session]")), Wait);
                await circuit.SignInAsync(account);
                panel.Executor.Log(ActivityEvents.Session(site.UserName, ActivityEvents.NextPid(), close: false));
                // The next tick reads as the tab's user is now: a second session for an allowed one, the refusal otherwise.
                tail.WaitForAssertion(() => Assert.True(tail.FindAll("[data-session]").Count == 2 || tail.FindAll("[data-refusal]").Count == 1), TimeSpan.FromSeconds(3 * 5));
                Assert.Equal(allowed, tail.FindAll("[data-session]").Count == 2);
                Assert.Equal(allowed, tail.Markup.Contains(site.UserName, StringComparison.Ordinal));
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, null);
        }
    }

    private async Task<List<string>> TokenNamesAsync() =>
        await SitePageActions.ReadAsync(world.Panel, db => db.Set<ApiToken>().Select(t => t.Name).ToListAsync());
}
