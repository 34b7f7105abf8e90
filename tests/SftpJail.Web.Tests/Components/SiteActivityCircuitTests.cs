using Bunit;
using SftpJail.Core.Activity;
using SftpJail.Web.Tests.Fixtures;
using SftpJail.Web.Tests.Pages;
using static SftpJail.Web.Tests.Components.TokensActivityDriver;

namespace SftpJail.Web.Tests.Components;

/// <summary>The interactive site activity page in a circuit over the real panel: closing a session asks first; the live tail.</summary>
public sealed class SiteActivityCircuitTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Closing_an_open_session_asks_first_then_the_executor_closes_it_and_it_is_audited()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var pid = ActivityEvents.NextPid();
        panel.Executor.Log(ActivityEvents.Session(site.UserName, pid, close: false));
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateStaffAsync());
        var page = OpenActivity(circuit, site.Id);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-open-sessions] [data-close-session]")), Wait);
        var session = page.Find("[data-open-sessions] tr[data-session]").GetAttribute("data-session");

        page.Find($"[data-close-session='{session}']").Click();
        WaitFor(circuit, "[data-confirm-dialog]");
        Assert.Contains(site.UserName, circuit.Find(".mud-dialog").TextContent, StringComparison.Ordinal);
        await CancelAsync(circuit);
        await Task.Delay(300);
        Assert.DoesNotContain(panel.Executor.ClosedSessions, c => c.Pid == pid);
        Assert.NotNull(page.Find($"[data-close-session='{session}']"));

        page.Find($"[data-close-session='{session}']").Click();
        await ConfirmAsync(circuit);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-no-sessions]")), Wait);
        Assert.Contains((site.UserName, pid), panel.Executor.ClosedSessions);
        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Action == "session.close" && e.Target == $"{site.Domain}/{site.UserName}" && e.Result == "applied");
    }

    [Fact]
    public async Task The_live_tail_shows_new_activity_without_a_click()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateStaffAsync());
        var page = OpenActivity(circuit, site.Id, "?live=1");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-no-transfers]")), Wait);

        panel.Executor.Log(ActivityEvents.Session(site.UserName, ActivityEvents.NextPid(), close: false));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr[data-transfer]")), TimeSpan.FromSeconds(3 * 5));
        Assert.NotEmpty(page.FindAll("[data-open-sessions] tr[data-session]"));
    }
}
