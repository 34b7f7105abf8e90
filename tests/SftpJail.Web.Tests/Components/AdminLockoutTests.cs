using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Components.Pages.Account.Accounts;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.AccountsPageDriver;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// Never lock the admins out: each test has a panel of its own, so it knows exactly which admins exist. The checks run
/// on the Accounts page's own actions against the real database.
/// </summary>
public sealed class AdminLockoutTests : IAsyncLifetime
{
    private readonly PanelFactory panel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await panel.DisposeAsync();

    [Fact]
    public async Task The_only_admin_cannot_demote_lock_delete_or_reset_the_two_factor_of_itself()
    {
        var admin = await panel.CreateAdminAsync();
        await panel.EnableTwoFactorAsync(admin);

        var demote = await ActAsync(admin, a => a.SetRoleAsync(admin.Id, PanelRoles.Staff));
        var twoFactor = await ActAsync(admin, a => a.ResetTwoFactorAsync(admin.Id));
        var lockSelf = await ActAsync(admin, a => a.SetLockedAsync(admin.Id, true));
        var delete = await ActAsync(admin, a => a.DeleteAsync(admin.Id, admin.Email));

        Assert.Contains("last admin", demote.Error, StringComparison.Ordinal);
        Assert.Contains("last admin", twoFactor.Error, StringComparison.Ordinal);
        Assert.Equal("You cannot lock your own account.", lockSelf.Error);
        Assert.Equal("You cannot delete your own account.", delete.Error);
        var user = (await ReadAsync(panel, admin.Id))!;
        Assert.True(user.TwoFactorEnabled);
        Assert.Null(user.LockoutEnd);
        Assert.Equal(["Admin"], await RolesAsync(panel, admin.Id));
        Assert.DoesNotContain(await panel.FullAuditAsync(), e => e.Target == $"account:{admin.Email}");
    }

    [Fact]
    public async Task A_locked_second_admin_does_not_count_as_able_to_sign_in()
    {
        var admin = await panel.CreateAdminAsync();
        var other = await panel.CreateAdminAsync();
        Assert.True((await ActAsync(admin, a => a.SetLockedAsync(other.Id, true))).Succeeded);

        var demote = await ActAsync(admin, a => a.SetRoleAsync(admin.Id, PanelRoles.Customer));

        Assert.Contains("last admin", demote.Error, StringComparison.Ordinal);
        Assert.Equal(["Admin"], await RolesAsync(panel, admin.Id));
    }

    [Fact]
    public async Task With_a_second_working_admin_an_admin_may_step_down_but_still_not_lock_or_delete_itself()
    {
        var admin = await panel.CreateAdminAsync();
        var other = await panel.CreateAdminAsync();

        Assert.Equal("You cannot lock your own account.", (await ActAsync(admin, a => a.SetLockedAsync(admin.Id, true))).Error);
        Assert.Equal("You cannot delete your own account.", (await ActAsync(admin, a => a.DeleteAsync(admin.Id, admin.Email))).Error);
        var demote = await ActAsync(admin, a => a.SetRoleAsync(admin.Id, PanelRoles.Staff));

        Assert.True(demote.Succeeded, demote.Error);
        Assert.Equal(["Staff"], await RolesAsync(panel, admin.Id));
        // Now the other one is the last: the same refusals protect it.
        Assert.Contains("last admin", (await ActAsync(other, a => a.SetRoleAsync(other.Id, PanelRoles.Staff))).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rule_refuses_any_actor_the_last_admin_able_to_sign_in()
    {
        var admin = await panel.CreateAdminAsync();
        await panel.CreateStaffAsync();
        await using var scope = panel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();

        foreach (var change in Enum.GetValues<AccountChange>())
        {
            Assert.NotNull(await AdminLockoutRule.RefusalAsync(db, change, admin.Id, "cli:root", DateTimeOffset.UtcNow));
        }

        Assert.Equal(AdminLockoutRule.AdminRole, PanelRoles.Admin);
    }

    [Fact]
    public async Task The_page_reports_the_refusal_when_the_last_admin_tries_to_demote_itself()
    {
        var admin = await panel.CreateAdminAsync();
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(admin);
        var page = OpenFor(circuit, admin.Email);

        RowAction(circuit, page, admin.Email, "role");
        await ClickAsync(circuit, "[data-role-option=Staff]");
        await ClickAsync(circuit, "[data-dialog-ok]");

        circuit.WaitForAssertion(() => Assert.Contains("last admin account able to sign in", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.Equal(["Admin"], await RolesAsync(panel, admin.Id));
        Assert.Equal("Admin", page.Find("[data-role]").GetAttribute("data-role"));
    }

    private Task<AccountActionResult> ActAsync(TestAccount actor, Func<AccountActions, Task<AccountActionResult>> action) => panel.ActAsync(actor, action);
}
