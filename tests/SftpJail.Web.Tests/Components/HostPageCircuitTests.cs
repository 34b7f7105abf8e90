using Bunit;
using SftpJail.Core.Planning;
using SftpJail.Web.Components.Pages.Host;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>The interactive host page in a circuit over the real panel with the fake executor.</summary>
public sealed class HostPageCircuitTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_page_shows_the_executor_the_sshd_and_its_host_keys()
    {
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateAdminAsync());

        var page = circuit.Render<HostPage>();

        page.WaitForAssertion(() => Assert.Equal("ok", page.Find("[data-executor-health]").GetAttribute("data-executor-health")), Wait);
        Assert.Equal("2222", page.Find("[data-sshd-port]").TextContent.Trim());
        Assert.Equal(FakeExecutor.Ed25519.Fingerprint, page.Find("[data-fingerprint]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-disk-enforcement]"));
    }

    [Fact]
    public async Task Drift_is_listed_and_an_apply_asks_first_then_shows_its_progress_and_outcome()
    {
        await panel.AddCustomerAsync(withLogin: false);
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateAdminAsync());
        var page = circuit.Render<HostPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-reconcile]")), Wait);

        panel.Executor.Drift = [new PlanStep(PlanStepKind.CreateUser, "gone1", "user gone1 was deleted by hand")];
        try
        {
            page.Find("[data-reconcile]").Click();
            page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-drift]").GetAttribute("data-drift-count")), Wait);
            Assert.Contains("deleted by hand", page.Find("[data-drift]").TextContent, StringComparison.Ordinal);

            var applies = panel.Executor.ApplyCount;
            page.Find("[data-repair]").Click();
            circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-confirm-cancel]")), Wait);
            circuit.Find("[data-confirm-cancel]").Click();
            await Task.Delay(300);
            Assert.Equal(applies, panel.Executor.ApplyCount);

            page.Find("[data-repair]").Click();
            await SshAccessCircuitTests.ConfirmAsync(circuit);
            page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-progress] [data-outcome=applied]")), Wait);
            Assert.Equal(applies + 1, panel.Executor.ApplyCount);
            Assert.Contains("brought in line with the database", page.Find("[data-outcome]").TextContent, StringComparison.Ordinal);
        }
        finally
        {
            panel.Executor.Drift = [];
        }
    }

    [Fact]
    public async Task The_plan_preview_shows_what_an_apply_would_change()
    {
        await panel.AddCustomerAsync(withLogin: false);
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateAdminAsync());
        var page = circuit.Render<HostPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-preview]")), Wait);

        page.Find("[data-preview]").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-host-plan] [data-preview-panel]")), Wait);
    }
}
