using Bunit;
using SftpJail.Web.Components.Pages.Account.Accounts;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.AccountsPageDriver;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The Accounts page's rows of the circuit matrix: Admin only. Each handler is reached as the Admin the page was opened
/// for (dialog filled in), then the tab's user becomes the role under test just before the last click, so the check
/// inside the handler is what decides. Every case acts on a fresh Staff account of its own.
/// </summary>
public sealed partial class CircuitAuthorizationTests
{
    private static readonly (string Handler, bool Anonymous, bool Customer, bool Staff, bool Admin)[] AccountRows =
    [
        ("accounts.load", false, false, false, true),
        ("accounts.create", false, false, false, true),
        ("accounts.role", false, false, false, true),
        ("accounts.lock", false, false, false, true),
        ("accounts.password", false, false, false, true),
        ("accounts.two-factor", false, false, false, true),
        ("accounts.delete", false, false, false, true),
        ("accounts.must-change", false, false, false, true),
    ];

    private async Task AccountHandlerAsync(CircuitHarness circuit, TestAccount? account, string handler, bool allowed)
    {
        var panel = world.Panel;
        if (handler == "accounts.load")
        {
            await circuit.SignInAsync(account);
            var list = circuit.Render<AccountsPage>($"accounts?q={Uri.EscapeDataString(world.Staff.Email)}");
            if (allowed)
            {
                list.WaitForAssertion(() => Assert.NotNull(list.Find($"[data-account='{world.Staff.Email}']")), Wait);
            }
            else
            {
                list.WaitForAssertion(() => Assert.Contains("No accounts match.", list.Markup, StringComparison.Ordinal), Wait);
                Assert.Empty(list.FindAll("[data-account]"));
            }

            return;
        }

        var target = await panel.CreateStaffAsync();
        if (handler == "accounts.two-factor")
        {
            await panel.EnableTwoFactorAsync(target);
        }

        await circuit.SignInAsync(world.Admin);
        var page = OpenFor(circuit, target.Email);
        var created = $"{panel.Unique("matrix-new")}@example.test";
        Func<Task<bool>> acted;
        switch (handler)
        {
            case "accounts.create":
                await ClickAsync(circuit, "[data-new-account]");
                WaitFor(circuit, "[data-create-account-dialog]");
                Type(circuit, "email", created);
                acted = async () => await FindByEmailAsync(panel, created) is not null;
                break;
            case "accounts.role":
                RowAction(circuit, page, target.Email, "role");
                await ClickAsync(circuit, "[data-role-option=Customer]");
                acted = async () => (await RolesAsync(panel, target.Id)).Contains("Customer");
                break;
            case "accounts.password":
                RowAction(circuit, page, target.Email, "password");
                WaitFor(circuit, "[data-password-dialog]");
                acted = async () => !await PasswordWorksAsync(panel, target.Id, target.Password);
                break;
            case "accounts.delete":
                RowAction(circuit, page, target.Email, "delete");
                WaitFor(circuit, "[data-typed-confirm-dialog]");
                Type(circuit, "typed", target.Email);
                acted = async () => await ReadAsync(panel, target.Id) is null;
                break;
            case "accounts.lock":
                RowAction(circuit, page, target.Email, "lock");
                acted = async () => (await ReadAsync(panel, target.Id))!.LockoutEnd is not null;
                break;
            case "accounts.two-factor":
                RowAction(circuit, page, target.Email, "two-factor");
                acted = async () => !(await ReadAsync(panel, target.Id))!.TwoFactorEnabled;
                break;
            case "accounts.must-change":
                RowAction(circuit, page, target.Email, "must-change");
                acted = async () => (await ReadAsync(panel, target.Id))!.MustChangePassword;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, null);
        }

        var ok = handler is "accounts.create" or "accounts.role" or "accounts.password" or "accounts.delete" ? "[data-dialog-ok]" : "[data-confirm-ok]";
        WaitFor(circuit, ok);
        await circuit.SignInAsync(account);
        await ClickAsync(circuit, ok);
        if (!allowed)
        {
            circuit.WaitForAssertion(() => Assert.Contains("no longer allowed", circuit.Markup, StringComparison.Ordinal), Wait);
        }

        await AssertEventuallyAsync(acted, allowed);
    }
}
