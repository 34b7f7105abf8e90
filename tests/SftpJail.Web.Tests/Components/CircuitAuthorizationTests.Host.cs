using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Data.HostAccess;
using SftpJail.Data.Services;
using SftpJail.Web.Components.Pages.Host;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.SshAccessCircuitTests;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The host page's and the SSH access page's rows of the circuit matrix: Admin only. The page is rendered for an Admin
/// and filled in, then the tab's user becomes the role under test just before the click that acts, so the check inside
/// the handler is what decides. Each SSH case works on admin accounts of its own.
/// </summary>
public sealed partial class CircuitAuthorizationTests
{
    private static readonly (string Handler, bool Anonymous, bool Customer, bool Staff, bool Admin)[] HostRows =
    [
        ("host.preview", false, false, false, true),
        ("host.refresh", false, false, false, true),
    ];

    private static readonly (string Handler, bool Anonymous, bool Customer, bool Staff, bool Admin)[] SshRows =
    [
        ("ssh.add-admin", false, false, false, true),
        ("ssh.remove-admin", false, false, false, true),
        ("ssh.add-key", false, false, false, true),
        ("ssh.approve-arrived-key", false, false, false, true),
        ("ssh.open-enrolment", false, false, false, true),
        ("ssh.apply-hardening", false, false, false, true),
        ("ssh.remove-hardening", false, false, false, true),
        ("ssh.compare", false, false, false, true),
    ];

    private async Task HostHandlerAsync(CircuitHarness circuit, TestAccount? account, string handler, bool allowed)
    {
        await circuit.SignInAsync(world.Admin);
        var host = circuit.Render<HostPage>();
        host.WaitForAssertion(() => Assert.NotNull(host.Find("[data-fingerprint]")), Wait);
        var plans = world.Panel.Executor.Calls.Count(c => c == "plan");
        await circuit.SignInAsync(account);
        switch (handler)
        {
            case "host.preview":
                host.Find("[data-preview]").Click();
                if (allowed)
                {
                    host.WaitForAssertion(() => Assert.NotNull(host.Find("[data-host-plan] [data-preview-panel]")), Wait);
                    Assert.True(world.Panel.Executor.Calls.Count(c => c == "plan") > plans);
                }
                else
                {
                    circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
                    Assert.Empty(host.FindAll("[data-host-plan]"));
                    Assert.Equal(plans, world.Panel.Executor.Calls.Count(c => c == "plan"));
                }

                break;
            case "host.refresh":
                var infos = world.Panel.Executor.Calls.Count(c => c == "hostinfo");
                host.Find("[data-refresh]").Click();
                if (allowed)
                {
                    await AssertEventuallyAsync(() => Task.FromResult(world.Panel.Executor.Calls.Count(c => c == "hostinfo") > infos), true);
                    host.WaitForAssertion(() => Assert.NotNull(host.Find("[data-fingerprint]")), Wait);
                    Assert.Empty(host.FindAll("[data-refusal]"));
                }
                else
                {
                    // The refresh is the page's load: refused, the host's data leaves the tab.
                    host.WaitForAssertion(() => Assert.NotNull(host.Find("[data-refusal]")), Wait);
                    Assert.Empty(host.FindAll("[data-fingerprint]"));
                    Assert.Empty(host.FindAll("[data-reconcile]"));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, null);
        }
    }

    private async Task SshHandlerAsync(CircuitHarness circuit, TestAccount? account, string handler, bool allowed)
    {
        var panel = world.Panel;
        var name = panel.Unique("mx");
        if (handler is "ssh.remove-admin" or "ssh.add-key" or "ssh.approve-arrived-key" or "ssh.open-enrolment")
        {
            await AddAdminAsync(panel, name, handler == "ssh.remove-admin" ? KeyA : null);
        }

        if (handler == "ssh.approve-arrived-key")
        {
            await OpenEnrolmentAsync(panel, name);
            panel.Executor.Arrived[name] = [new ArrivedKey("ED25519", FingerprintB, "ops@desk", KeyB)];
        }

        if (handler is "ssh.apply-hardening" or "ssh.remove-hardening")
        {
            await ChangeHostAccessAsync(panel, s => s.ApplyHardeningAsync(HardeningDto.Recommended, new Actor("test")));
        }

        var effectiveUser = panel.Unique("mxeff");
        panel.Executor.Effective[effectiveUser] = [new EffectiveSetting("passwordauthentication", "yes")];
        // A fresh value each run, always valid: start must stay below full (60), or the page rightly refuses it.
        var maxStartups = $"{11 + (Environment.TickCount % 40)}:30:60";
        await circuit.SignInAsync(world.Admin);
        var page = await RenderAsync(circuit);
        Func<Task<bool>> acted;
        switch (handler)
        {
            case "ssh.add-admin":
                page.Find("[data-new-admin-name]").Change(name);
                await circuit.SignInAsync(account);
                page.Find("[data-add-admin]").Click();
                acted = async () => (await ViewAsync(panel)).Admins.Any(a => a.Name == name);
                break;
            case "ssh.remove-admin":
                await circuit.SignInAsync(account);
                page.Find($"[data-remove-admin='{name}']").Click();
                circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-typed-confirm-input] input")), Wait);
                circuit.Find("[data-typed-confirm-input] input").Input(name);
                await ConfirmAsync(circuit);
                acted = async () => (await ViewAsync(panel)).Admins.All(a => a.Name != name);
                break;
            case "ssh.add-key":
                page.Find($"[data-add-key-text='{name}']").Change(KeyB);
                await circuit.SignInAsync(account);
                page.Find($"[data-add-key='{name}']").Click();
                acted = async () => (await AdminAsync(panel, name)).Keys.Count == 1;
                break;
            case "ssh.approve-arrived-key":
                page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-arrived-keys='{name}'] [data-approve='{FingerprintB}']")), Wait);
                await circuit.SignInAsync(account);
                page.Find($"[data-approve='{FingerprintB}']").Click();
                acted = async () => (await AdminAsync(panel, name)).Keys.Count == 1;
                break;
            case "ssh.open-enrolment":
                await ChooseAsync(page, "data-enrol-admin", name);
                await circuit.SignInAsync(account);
                page.Find("[data-open-enrolment]").Click();
                acted = async () => (await ViewAsync(panel)).Enrolment is { } window && window.Admin == name && window.ExpiresAtUtc > DateTimeOffset.UtcNow;
                break;
            case "ssh.apply-hardening":
                // The profile already denies password and root login: no lock-out dialog, the click itself acts.
                page.Find("[data-maxstartups]").Change(maxStartups);
                await circuit.SignInAsync(account);
                page.Find("[data-apply-hardening]").Click();
                acted = async () => (await ViewAsync(panel)).Hardening.MaxStartups == maxStartups;
                break;
            case "ssh.remove-hardening":
                await circuit.SignInAsync(account);
                page.Find("[data-remove-hardening]").Click();
                await ConfirmAsync(circuit);
                acted = async () => !(await ViewAsync(panel)).Hardening.Enabled;
                break;
            case "ssh.compare":
                page.Find("[data-eff-user]").Change(effectiveUser);
                await circuit.SignInAsync(account);
                page.Find("[data-compare]").Click();
                if (allowed)
                {
                    page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-effective-settings]")), Wait);
                }
                else
                {
                    Assert.Empty(page.FindAll("[data-effective-settings]"));
                }

                acted = () => Task.FromResult(panel.Executor.Calls.Contains("effective:" + effectiveUser));
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

    internal static readonly string FingerprintB = SshPublicKey.Parse(KeyB).Fingerprint;

    /// <summary>A MudSelect's choice, as picking the item does: through its two-way binding.</summary>
    internal static async Task ChooseAsync(IRenderedComponent<SshAccessPage> page, string attribute, string value)
    {
        var select = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.UserAttributes.ContainsKey(attribute));
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    internal static Task OpenEnrolmentAsync(PanelFactory panel, string admin) =>
        ChangeHostAccessAsync(panel, s => s.OpenEnrolmentAsync(admin, TimeSpan.FromMinutes(15), null, new Actor("test")));

    internal static async Task ChangeHostAccessAsync(PanelFactory panel, Func<IHostAccessService, Task<OperationResult>> change)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var result = await change(scope.ServiceProvider.GetRequiredService<IHostAccessService>());
        Assert.True(result.Succeeded, result.Error);
    }
}
