using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Core.Values;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.SitePageActions;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The site page's add-user dialog in a circuit over the real panel (SQLite, site service, audit, fake executor): the
/// name checked as typed against Core's parser and the database, the three password choices, pasted keys parsed at
/// once, the generated password shown once, and a refused or failed add that keeps the dialog and changes nothing.
/// </summary>
public sealed class SiteAddUserDialogTests(SiteDetailPageTests.World world) : IClassFixture<SiteDetailPageTests.World>
{
    private PanelFactory Panel => world.Panel;

    [Fact]
    public async Task A_user_with_a_generated_password_is_added_and_the_password_shown_only_until_closed()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var name = Panel.Unique("helper");
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        OpenAddUser(page, circuit);
        Assert.False(LinuxUserName.TryParse("Bad Name", out _, out var invalid));
        TypeUserName(circuit, "Bad Name");
        circuit.WaitForAssertion(() => Assert.Contains(invalid, ErrorText(circuit), StringComparison.Ordinal), Wait);
        Assert.True(circuit.Find("[data-add-user-ok]").HasAttribute("disabled"));
        TypeUserName(circuit, name);
        circuit.WaitForAssertion(() => Assert.Contains("Available.", circuit.Find("[data-field=new-user]").TextContent, StringComparison.Ordinal), Wait);
        await ClickAddAsync(circuit);

        WaitForText(circuit, $"SFTP user {name} was added to {site.Domain}.");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-secret=sftp]")), Wait);
        var secret = circuit.Find("[data-secret=sftp]").TextContent.Trim();
        Assert.True(secret.Length >= 16, secret);
        Assert.Equal(secret, Assert.Single(Panel.Executor.LastPasswords, p => p.UserName == name).Password);
        Assert.Contains("user.add", await AuditActionsAsync(Panel, site.Domain));
        Assert.DoesNotContain(secret, (await Panel.FullAuditAsync()).Select(e => $"{e.Before}{e.After}{e.Detail}"));
        page.WaitForAssertion(() => Assert.Contains(name, page.FindAll("[data-user]").Select(u => u.GetAttribute("data-user"))), Wait);

        circuit.Find("[data-secret-close]").Click();
        circuit.WaitForAssertion(() => Assert.DoesNotContain("data-secret=\"sftp\"", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(secret, circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_already_taken_is_refused_as_it_is_typed()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var other = await Panel.AddCustomerAsync(withLogin: false);
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        OpenAddUser(page, circuit);
        TypeUserName(circuit, other.UserName);

        circuit.WaitForAssertion(() => Assert.Contains($"{other.UserName} is already an SFTP user", ErrorText(circuit), StringComparison.Ordinal), Wait);
        Assert.True(circuit.Find("[data-add-user-ok]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_keys_only_user_needs_a_key_whose_fingerprint_shows_as_pasted_and_can_be_read_only()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var name = Panel.Unique("keyed");
        var fingerprint = SshPublicKey.Parse(Ed25519Key).Fingerprint;
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        OpenAddUser(page, circuit);
        TypeUserName(circuit, name);
        circuit.Find("[data-mode=none]").Click();
        circuit.WaitForAssertion(() => Assert.Contains("needs at least one SSH key", ErrorText(circuit), StringComparison.Ordinal), Wait);
        Assert.True(circuit.Find("[data-add-user-ok]").HasAttribute("disabled"));
        circuit.Find("[data-add-user-dialog] [data-field=keys] textarea").Input("ssh-ed25519 not-base64");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-add-user-dialog] [data-key-error]")), Wait);
        circuit.Find("[data-add-user-dialog] [data-field=keys] textarea").Input(Ed25519Key);
        circuit.WaitForAssertion(() => Assert.Equal(fingerprint, circuit.Find("[data-add-user-dialog] [data-parsed-keys] [data-fingerprint]").TextContent), Wait);
        circuit.Find("[data-add-user-dialog] [data-field=read-only] input").Change(true);
        await ClickAddAsync(circuit);

        WaitForText(circuit, $"SFTP user {name} was added to {site.Domain}.");
        var added = await ReadAsync(Panel, db => db.SftpAccounts.Include(a => a.Keys).SingleAsync(a => a.UserName == name));
        Assert.True(added.KeyOnly);
        Assert.True(added.ReadOnly);
        Assert.False(added.HasPassword);
        Assert.Equal(fingerprint, Assert.Single(added.Keys).Fingerprint);
        Assert.DoesNotContain(Panel.Executor.LastPasswords, p => p.UserName == name);
        Assert.DoesNotContain("data-secret=\"sftp\"", circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_password_is_checked_as_typed_then_set_and_never_shown()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var name = Panel.Unique("typed");
        const string typed = "Quartz-lantern-orbit-78";
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        OpenAddUser(page, circuit);
        TypeUserName(circuit, name);
        circuit.Find("[data-mode=set]").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-add-user-dialog] [data-field=password] input")), Wait);
        circuit.Find("[data-add-user-dialog] [data-field=password] input").Input("short");
        circuit.WaitForAssertion(() => Assert.True(circuit.Find("[data-add-user-ok]").HasAttribute("disabled")), Wait);
        circuit.Find("[data-add-user-dialog] [data-field=password] input").Input(typed);
        await ClickAddAsync(circuit);

        WaitForText(circuit, $"SFTP user {name} was added to {site.Domain}.");
        Assert.Equal(typed, Assert.Single(Panel.Executor.LastPasswords, p => p.UserName == name).Password);
        Assert.DoesNotContain("data-secret=\"sftp\"", circuit.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(typed, circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_taken_after_the_check_is_refused_by_the_service_and_the_dialog_stays_open()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var name = Panel.Unique("racer");
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);
        OpenAddUser(page, circuit);
        TypeUserName(circuit, name);
        circuit.WaitForAssertion(() => Assert.Contains("Available.", circuit.Find("[data-field=new-user]").TextContent, StringComparison.Ordinal), Wait);

        var other = await Panel.AddCustomerAsync(withLogin: false);
        await using (var scope = Panel.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<ISiteService>().AddUserAsync(new NewUserRequest(other.Domain, name, "Racer-password-9x!q"), new Actor("test:fixture"));
            Assert.True(added.Succeeded, added.Error);
        }

        await ClickAddAsync(circuit);

        WaitForText(circuit, "Nothing was changed");
        Assert.NotNull(circuit.Find("[data-add-user-dialog]"));
        Assert.DoesNotContain("data-secret=\"sftp\"", circuit.Markup, StringComparison.Ordinal);
        Assert.Equal(other.Domain, await ReadAsync(Panel, db => db.SftpAccounts.Where(a => a.UserName == name).Select(a => a.Site!.Domain).SingleAsync()));
    }

    [Fact]
    public async Task A_tab_whose_user_was_locked_adds_nobody_and_learns_no_name()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var name = Panel.Unique("locked");
        var staff = await Panel.CreateStaffAsync();
        await using var circuit = new CircuitHarness(Panel);
        await circuit.SignInAsync(staff);
        var page = OpenLoaded(circuit, site.Id);
        OpenAddUser(page, circuit);
        TypeUserName(circuit, name);
        circuit.WaitForAssertion(() => Assert.Contains("Available.", circuit.Find("[data-field=new-user]").TextContent, StringComparison.Ordinal), Wait);

        await using (var scope = Panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(staff.Id))!, DateTimeOffset.UtcNow.AddHours(1));
        }

        TypeUserName(circuit, site.UserName);
        circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", ErrorText(circuit), StringComparison.Ordinal), Wait);
        Assert.DoesNotContain("already an SFTP user", circuit.Markup, StringComparison.Ordinal);

        TypeUserName(circuit, name);
        circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", ErrorText(circuit), StringComparison.Ordinal), Wait);
        Assert.False(await ReadAsync(Panel, db => db.SftpAccounts.AnyAsync(a => a.UserName == name)));
    }

    internal static void OpenAddUser(IRenderedComponent<SftpJail.Web.Components.Pages.Sites.SitePage.SiteDetailPage> page, CircuitHarness circuit)
    {
        page.Find("[data-add-user]").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-add-user-dialog] [data-field=new-user] input")), Wait);
    }

    internal static void TypeUserName(CircuitHarness circuit, string name) => circuit.Find("[data-add-user-dialog] [data-field=new-user] input").Input(name);

    internal static async Task ClickAddAsync(CircuitHarness circuit)
    {
        circuit.WaitForAssertion(() => Assert.False(circuit.Find("[data-add-user-ok]").HasAttribute("disabled")), Wait);
        await Task.Yield();
        circuit.Find("[data-add-user-ok]").Click();
    }

    private static string ErrorText(CircuitHarness circuit) => string.Join(" ", circuit.Find("[data-add-user-dialog]").QuerySelectorAll(".mud-input-error, .mud-input-helper-text").Select(e => e.TextContent));
}
