using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Core.Contract;
using SftpJail.Data.HostAccess;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Components.Pages.Host;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The interactive SSH access page in a circuit over the real panel (SQLite, Identity, host-access service, fake
/// executor): every lock-out-risky change waits for its dialog, a cancel changes nothing, and a tab whose user is no
/// longer an Admin (demoted, locked) is refused at the click.
/// </summary>
public sealed class SshAccessCircuitTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    internal const string KeyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAXdcZ7+37gsoabaQq8k9rR+9v09vkMa9WMKIq0zjmn6 ops@laptop";
    internal const string FingerprintA = "SHA256:/vLh8nkiKXRLlmUjabOAuvzOppfRNg2C4btg4q3ahxM";
    internal const string KeyB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPkmbat0J2Q9LMM0wMzfXg14hI6ESz0rCBOaHSpSItqR ops@desk";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Removing_an_admins_only_key_asks_first_says_it_locks_them_out_and_a_cancel_changes_nothing()
    {
        var name = await AddAdminAsync(panel, panel.Unique("ka"), KeyA);
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateAdminAsync());
        var page = await RenderAsync(circuit);
        var applies = panel.Executor.ApplyCount;

        page.Find($"[data-admin='{name}'] [data-remove-key='{FingerprintA}']").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-confirm-cancel]")), Wait);
        Assert.Contains($"It is {name}'s only key", circuit.Find("[data-confirm-dialog]").TextContent, StringComparison.Ordinal);
        circuit.Find("[data-confirm-cancel]").Click();

        await Task.Delay(300);
        Assert.Equal(applies, panel.Executor.ApplyCount);
        Assert.Single((await AdminAsync(panel, name)).Keys);

        page.Find($"[data-admin='{name}'] [data-remove-key='{FingerprintA}']").Click();
        await ConfirmAsync(circuit);
        await EventuallyAsync(async () => (await AdminAsync(panel, name)).Keys.Count == 0);
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-admin='{name}'] [data-no-key]")), Wait);
    }

    [Fact]
    public async Task Removing_an_admin_needs_its_name_typed_exactly()
    {
        var name = await AddAdminAsync(panel, panel.Unique("rm"), KeyA);
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateAdminAsync());
        var page = await RenderAsync(circuit);

        page.Find($"[data-remove-admin='{name}']").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-typed-confirm-dialog]")), Wait);
        Assert.Contains("can no longer log in over SSH", circuit.Find("[data-confirm-message]").TextContent, StringComparison.Ordinal);
        Assert.True(circuit.Find("[data-confirm-ok]").HasAttribute("disabled"));
        circuit.Find("[data-typed-confirm-input] input").Input(name + "x");
        circuit.WaitForAssertion(() => Assert.True(circuit.Find("[data-confirm-ok]").HasAttribute("disabled")), Wait);
        circuit.Find("[data-typed-confirm-input] input").Input(name);
        circuit.WaitForAssertion(() => Assert.False(circuit.Find("[data-confirm-ok]").HasAttribute("disabled")), Wait);
        circuit.Find("[data-confirm-ok]").Click();

        await EventuallyAsync(async () => (await ViewAsync(panel)).Admins.All(a => a.Name != name));
    }

    [Fact]
    public async Task Turning_password_login_off_names_the_admins_without_a_key_and_waits_for_the_dialog()
    {
        var keyless = await AddAdminAsync(panel, panel.Unique("nk"), null);
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateAdminAsync());
        await SetHardeningAsync(panel, HardeningDto.Off);
        var page = await RenderAsync(circuit);
        var applies = panel.Executor.ApplyCount;

        page.Find("[data-apply-hardening]").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-confirm-cancel]")), Wait);
        var text = circuit.Find("[data-confirm-dialog]").TextContent;
        Assert.Contains("sshd is reloaded with password login for everyone but jailed SFTP users", text, StringComparison.Ordinal);
        Assert.Contains(keyless, text, StringComparison.Ordinal);
        circuit.Find("[data-confirm-cancel]").Click();

        await Task.Delay(300);
        Assert.Equal(applies, panel.Executor.ApplyCount);
        Assert.False((await ViewAsync(panel)).Hardening.Enabled);
    }

    [Fact]
    public async Task Closing_the_enrolment_window_asks_first_then_ends_it_now()
    {
        var name = await AddAdminAsync(panel, panel.Unique("en"), null);
        await using (var scope = panel.Services.CreateAsyncScope())
        {
            var opened = await scope.ServiceProvider.GetRequiredService<IHostAccessService>().OpenEnrolmentAsync(name, TimeSpan.FromMinutes(15), null, new Actor("test"));
            Assert.True(opened.Succeeded, opened.Error);
        }

        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateAdminAsync());
        var page = await RenderAsync(circuit);
        page.WaitForAssertion(() => Assert.StartsWith("14:", page.Find("[data-enrolment-open] [data-countdown]").GetAttribute("data-countdown"), StringComparison.Ordinal), Wait);

        page.Find("[data-close-enrolment]").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-confirm-ok]")), Wait);
        Assert.Contains($"{name} can no longer log in with a password", circuit.Find("[data-confirm-dialog]").TextContent, StringComparison.Ordinal);
        circuit.Find("[data-confirm-ok]").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-enrolment-closed]")), Wait);
        Assert.True((await ViewAsync(panel)).Enrolment!.ExpiresAtUtc <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_tab_whose_admin_was_demoted_to_staff_cannot_add_a_key()
    {
        var name = await AddAdminAsync(panel, panel.Unique("dm"), null);
        var admin = await panel.CreateAdminAsync();
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(admin);
        var page = await RenderAsync(circuit);
        await using (var scope = panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            var user = (await users.FindByIdAsync(admin.Id))!;
            await users.RemoveFromRoleAsync(user, PanelRoles.Admin);
            await users.AddToRoleAsync(user, PanelRoles.Staff);
        }

        await AssertAddKeyRefusedAsync(circuit, page, name);
    }

    [Fact]
    public async Task A_locked_out_admins_tab_cannot_add_a_key()
    {
        var name = await AddAdminAsync(panel, panel.Unique("lk"), null);
        var admin = await panel.CreateAdminAsync();
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(admin);
        var page = await RenderAsync(circuit);
        await using (var scope = panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(admin.Id))!, DateTimeOffset.UtcNow.AddHours(1));
        }

        await AssertAddKeyRefusedAsync(circuit, page, name);
    }

    private async Task AssertAddKeyRefusedAsync(CircuitHarness circuit, IRenderedComponent<SshAccessPage> page, string name)
    {
        var applies = panel.Executor.ApplyCount;
        page.Find($"[data-add-key-text='{name}']").Change(KeyB);
        page.Find($"[data-add-key='{name}']").Click();

        circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.Equal(applies, panel.Executor.ApplyCount);
        Assert.Empty((await AdminAsync(panel, name)).Keys);
    }

    internal static async Task<IRenderedComponent<SshAccessPage>> RenderAsync(CircuitHarness circuit)
    {
        var page = circuit.Render<SshAccessPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-admins-panel]")), Wait);
        await Task.Yield();
        return page;
    }

    internal static async Task<string> AddAdminAsync(PanelFactory panel, string name, string? key)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<IHostAccessService>().AddAdminAsync(name, key is null ? [] : [key], null, new Actor("test"));
        Assert.True(added.Succeeded, added.Error);
        return name;
    }

    internal static async Task<HostAccessView> ViewAsync(PanelFactory panel)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IHostAccessService>().GetAsync();
    }

    internal static async Task<AdminView> AdminAsync(PanelFactory panel, string name) => (await ViewAsync(panel)).Admins.Single(a => a.Name == name);

    private static async Task SetHardeningAsync(PanelFactory panel, HardeningDto hardening)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IHostAccessService>().ApplyHardeningAsync(hardening, new Actor("test"));
        Assert.True(result.Succeeded, result.Error);
    }

    internal static async Task ConfirmAsync(CircuitHarness circuit)
    {
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-confirm-ok]")), Wait);
        await Task.Yield();
        circuit.Find("[data-confirm-ok]").Click();
    }

    internal static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the change did not happen in time");
            await Task.Delay(50);
        }
    }
}
