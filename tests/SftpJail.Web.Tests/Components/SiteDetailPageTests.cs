using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Core.Values;
using SftpJail.Data.Activity;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.SitePageActions;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The interactive site page in a circuit over the real panel (SQLite, site service, audit, fake executor): the users
/// table, each action's dialog reaching the site service with its result as a sentence, typed confirmations for
/// removals, and handlers that refuse a tab whose user may no longer act.
/// </summary>
public sealed class SiteDetailPageTests(SiteDetailPageTests.World world) : IClassFixture<SiteDetailPageTests.World>
{
    private PanelFactory Panel => world.Panel;

    [Fact]
    public async Task The_table_lists_each_user_with_its_state_and_last_login()
    {
        var site = await Panel.AddCustomerAsync();
        var second = Panel.Unique("helper");
        await using (var scope = Panel.Services.CreateAsyncScope())
        {
            var sites = scope.ServiceProvider.GetRequiredService<ISiteService>();
            Assert.True((await sites.AddUserAsync(new NewUserRequest(site.Domain, second, ReadOnly: true, Keys: [Ed25519Key], KeyOnly: true), new Actor("test:fixture"))).Succeeded);
            var db = scope.ServiceProvider.GetRequiredService<SftpJail.Data.SftpJailDbContext>();
            db.Set<ActivityLogin>().Add(new ActivityLogin { SiteId = site.Id, UserName = site.UserName, At = new DateTimeOffset(2026, 11, 30, 8, 15, 0, TimeSpan.Zero), Succeeded = true, Method = "password", Address = "192.0.2.7", Port = 50000 });
            await db.SaveChangesAsync();
        }

        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        Assert.Equal([site.UserName, second], page.FindAll("[data-user]").Select(u => u.GetAttribute("data-user")));
        var rows = page.FindAll("[data-users-table] tbody tr");
        Assert.Contains("2026-11-30 08:15 UTC · password · 192.0.2.7", rows[0].QuerySelector("[data-last-login]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("never", rows[1].QuerySelector("[data-last-login]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(rows[1].QuerySelector("[data-flag='read-only']"));
        Assert.NotNull(rows[1].QuerySelector("[data-flag='keys-only']"));
        Assert.Equal("1", rows[1].QuerySelector("[data-key-count]")!.TextContent);
        Assert.Contains(site.Customer!.Email, page.Find("[data-customer]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.Find("[data-vhost]").TextContent.Trim());
        Assert.Contains(page.FindAll("[data-recent-audit] [data-audit-action]"), e => e.TextContent == "user.add");
        Assert.Empty(page.FindAll("[data-audit-link]")); // Staff: the audit grid is the Admin's
    }

    [Fact]
    public async Task An_admin_gets_a_link_to_the_audit_grid_filtered_to_the_site()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        await using var circuit = new CircuitHarness(Panel);
        await circuit.SignInAsync(world.Admin);
        var page = OpenLoaded(circuit, site.Id);

        Assert.Equal($"audit?site={site.Domain}", page.Find("[data-audit-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task Resetting_a_password_through_the_dialog_sets_it_and_shows_the_generated_one_only_until_closed()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        ClickUserButton(page, site.UserName, "password");
        await ConfirmAsync(circuit);

        WaitForText(circuit, $"The SFTP password of {site.UserName} was changed.");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-secret=sftp]")), Wait);
        var secret = circuit.Find("[data-secret=sftp]").TextContent.Trim();
        Assert.True(secret.Length >= 16, secret);
        Assert.Equal(secret, Assert.Single(Panel.Executor.LastPasswords, p => p.UserName == site.UserName).Password);
        Assert.Contains("user.password", await AuditActionsAsync(Panel, site.Domain));
        Assert.DoesNotContain(secret, (await Panel.FullAuditAsync()).Select(e => $"{e.Before}{e.After}{e.Detail}"));

        circuit.Find("[data-secret-close]").Click();
        circuit.WaitForAssertion(() => Assert.DoesNotContain("data-secret=\"sftp\"", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(secret, circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_password_is_checked_as_typed_and_set_without_being_shown_again()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        ClickUserButton(page, site.UserName, "password");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-field=password] input")), Wait);
        circuit.Find("[data-field=password] input").Input("short");

        circuit.WaitForAssertion(() => Assert.True(circuit.Find("[data-confirm-ok]").HasAttribute("disabled")), Wait);
        Assert.DoesNotContain("user.password", await AuditActionsAsync(Panel, site.Domain));

        const string typed = "Quartz-lantern-orbit-77";
        circuit.Find("[data-field=password] input").Input(typed);
        circuit.WaitForAssertion(() => Assert.False(circuit.Find("[data-confirm-ok]").HasAttribute("disabled")), Wait);
        circuit.Find("[data-confirm-ok]").Click();

        WaitForText(circuit, $"The SFTP password of {site.UserName} was changed.");
        Assert.Equal(typed, Assert.Single(Panel.Executor.LastPasswords, p => p.UserName == site.UserName).Password);
        Assert.DoesNotContain("data-secret=\"sftp\"", circuit.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(typed, circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_are_parsed_as_pasted_then_added_and_removed_through_the_dialog()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var fingerprint = SshPublicKey.Parse(Ed25519Key).Fingerprint;
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        ClickUserButton(page, site.UserName, "keys");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-field=new-keys] textarea")), Wait);
        circuit.Find("[data-field=new-keys] textarea").Input("ssh-ed25519 not-base64");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-key-error]")), Wait);
        circuit.Find("[data-field=new-keys] textarea").Input(Ed25519Key);
        circuit.WaitForAssertion(() => Assert.Equal(fingerprint, circuit.Find("[data-parsed-keys] [data-fingerprint]").TextContent), Wait);

        circuit.Find("[data-add-key]").Click();
        WaitForText(circuit, $"The key was added to {site.UserName}.");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find($"[data-keys-dialog] [data-key='{fingerprint}']")), Wait);

        circuit.Find($"[data-key='{fingerprint}'] [data-remove-key]").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-remove-key-confirm]")), Wait);
        circuit.Find("[data-remove-key-confirm]").Click();
        WaitForText(circuit, $"The key {fingerprint} was removed from {site.UserName}.");
        Assert.Equal(["user.key.add", "user.key.remove"], (await AuditActionsAsync(Panel, site.Domain)).Where(a => a.StartsWith("user.key", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Read_only_and_disable_toggles_ask_then_change_the_user()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        ClickUserMenuItem(circuit, page, site.UserName, "read-only");
        await ConfirmAsync(circuit);
        WaitForText(circuit, $"{site.UserName} is read-only now.");
        Assert.True(await UserReadOnlyAsync(Panel, site.UserName));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-flag='read-only']")), Wait);

        ClickUserMenuItem(circuit, page, site.UserName, "disable");
        await ConfirmAsync(circuit);
        WaitForText(circuit, $"{site.UserName} can no longer log in.");
        Assert.True(await ReadAsync(Panel, db => db.SftpAccounts.Where(a => a.UserName == site.UserName).Select(a => a.Disabled).SingleAsync()));
        Assert.True(Panel.Executor.LastApplied!.Sites.Single(s => s.Domain == site.Domain).Users[0].ReadOnly);
    }

    [Fact]
    public async Task Removing_a_user_needs_its_name_typed()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var helper = Panel.Unique("helper");
        await using (var scope = Panel.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ISiteService>().AddUserAsync(new NewUserRequest(site.Domain, helper, "Helper-password-9x!q"), new Actor("test:fixture"))).Succeeded);
        }

        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);
        ClickUserMenuItem(circuit, page, helper, "remove");

        Type(circuit, helper + "x");
        circuit.WaitForAssertion(() => Assert.True(circuit.Find("[data-confirm-ok]").HasAttribute("disabled")), Wait);
        circuit.Find("[data-confirm-ok]").Click();
        Assert.DoesNotContain("user.remove", await AuditActionsAsync(Panel, site.Domain));

        Type(circuit, helper);
        circuit.WaitForAssertion(() => Assert.False(circuit.Find("[data-confirm-ok]").HasAttribute("disabled")), Wait);
        circuit.Find("[data-confirm-ok]").Click();
        WaitForText(circuit, $"SFTP user {helper} was removed.");
        page.WaitForAssertion(() => Assert.Equal([site.UserName], page.FindAll("[data-user]").Select(u => u.GetAttribute("data-user"))), Wait);
    }

    [Fact]
    public async Task The_site_is_disabled_after_a_confirmation_and_removed_only_when_its_domain_is_typed()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        page.Find("[data-toggle-site]").Click();
        await ConfirmAsync(circuit);
        WaitForText(circuit, $"{site.Domain} is disabled.");
        Assert.False(await ReadAsync(Panel, db => db.Sites.Where(s => s.Id == site.Id).Select(s => s.Enabled).SingleAsync()));

        page.Find("[data-remove-site]").Click();
        Type(circuit, "other.example.com");
        circuit.WaitForAssertion(() => Assert.True(circuit.Find("[data-confirm-ok]").HasAttribute("disabled")), Wait);
        Type(circuit, site.Domain.ToUpperInvariant());
        circuit.WaitForAssertion(() => Assert.False(circuit.Find("[data-confirm-ok]").HasAttribute("disabled")), Wait);
        circuit.Find("[data-confirm-ok]").Click();

        WaitForText(circuit, $"{site.Domain} was removed");
        Assert.False(await ReadAsync(Panel, db => db.Sites.AnyAsync(s => s.Id == site.Id)));
        Assert.EndsWith("/sites", circuit.Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_disk_limit_dialog_parses_as_typed_and_sets_the_limit()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);

        page.Find("[data-disk-limit]").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-field=disk-limit] input")), Wait);
        circuit.Find("[data-field=disk-limit] input").Input("lots");
        circuit.WaitForAssertion(() => Assert.True(circuit.Find("[data-confirm-ok]").HasAttribute("disabled")), Wait);
        circuit.Find("[data-field=disk-limit] input").Input("2G");
        circuit.WaitForAssertion(() => Assert.False(circuit.Find("[data-confirm-ok]").HasAttribute("disabled")), Wait);
        circuit.Find("[data-confirm-ok]").Click();

        WaitForText(circuit, $"The disk limit of {site.Domain} is 2 GiB.");
        Assert.Equal(2048, Panel.Executor.LastApplied!.Sites.Single(s => s.Domain == site.Domain).DiskLimitMiB);
        page.WaitForAssertion(() => Assert.Equal("? / 2 GiB", page.Find("[data-disk-usage]").TextContent.Trim()), Wait);
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData(PanelRoles.Customer)]
    public async Task A_customer_or_anonymous_circuit_sees_nothing_of_the_site(string role)
    {
        var site = await Panel.AddCustomerAsync();
        await using var circuit = new CircuitHarness(Panel);
        await circuit.SignInAsync(role == "anonymous" ? null : site.Customer);

        var page = Open(circuit, site.Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-refusal]")), Wait);
        Assert.Empty(page.FindAll("[data-user]"));
        Assert.DoesNotContain(site.UserName, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tab_whose_user_was_locked_cannot_reset_a_password()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var staff = await Panel.CreateStaffAsync();
        var applies = Panel.Executor.ApplyCount;
        await using var circuit = new CircuitHarness(Panel);
        await circuit.SignInAsync(staff);
        var page = OpenLoaded(circuit, site.Id);

        await using (var scope = Panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(staff.Id))!, DateTimeOffset.UtcNow.AddHours(1));
        }

        ClickUserButton(page, site.UserName, "password");
        await ConfirmAsync(circuit);

        WaitForText(circuit, "no longer allowed");
        Assert.DoesNotContain("data-secret=\"sftp\"", circuit.Markup, StringComparison.Ordinal);
        Assert.Equal(applies, Panel.Executor.ApplyCount);
        Assert.DoesNotContain("user.password", await AuditActionsAsync(Panel, site.Domain));
    }

    public sealed class World : IAsyncLifetime
    {
        public PanelFactory Panel { get; } = new();

        public TestAccount Staff { get; private set; } = default!;

        public TestAccount Admin { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            Staff = await Panel.CreateStaffAsync();
            Admin = await Panel.CreateAdminAsync();
        }

        public async Task<CircuitHarness> StaffCircuitAsync()
        {
            var circuit = new CircuitHarness(Panel);
            await circuit.SignInAsync(Staff);
            return circuit;
        }

        public async Task DisposeAsync() => await Panel.DisposeAsync();
    }
}
