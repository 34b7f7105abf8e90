using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Identity;
using SftpJail.Web.Components.Pages.Account.Accounts;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>Drives the Accounts page in a <see cref="CircuitHarness"/>: a row's menu, a dialog's fields and buttons; reads accounts back from the real database.</summary>
public static class AccountsPageDriver
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>The page narrowed to <paramref name="email"/>, once its row is shown.</summary>
    public static IRenderedComponent<AccountsPage> OpenFor(CircuitHarness circuit, string email)
    {
        var page = circuit.Render<AccountsPage>($"accounts?q={Uri.EscapeDataString(email)}");
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-account='{email}']")), Wait);
        return page;
    }

    /// <summary>Opens the row's menu and clicks one of its actions (data-action: role, password, must-change, two-factor, lock, delete).</summary>
    public static void RowAction(CircuitHarness circuit, IRenderedComponent<AccountsPage> page, string email, string action)
    {
        page.Find($"[data-row-actions='{email}'] button").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find($"[data-action={action}]")), Wait);
        circuit.Find($"[data-action={action}]").Click();
    }

    public static void WaitFor(CircuitHarness circuit, string selector) =>
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find(selector)), Wait);

    public static async Task ClickAsync(CircuitHarness circuit, string selector)
    {
        WaitFor(circuit, selector);
        await Task.Yield();
        circuit.Find(selector).Click();
    }

    public static void Type(CircuitHarness circuit, string field, string text) => circuit.Find($"[data-field={field}] input").Input(text);

    public static void Tick(CircuitHarness circuit, string field, bool on) => circuit.Find($"[data-field={field}] input[type=checkbox]").Change(on);

    public static async Task<PanelUser?> ReadAsync(PanelFactory panel, string id)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>().FindByIdAsync(id);
    }

    public static async Task<PanelUser?> FindByEmailAsync(PanelFactory panel, string email)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>().FindByEmailAsync(email);
    }

    public static async Task<IList<string>> RolesAsync(PanelFactory panel, string id)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        return await users.GetRolesAsync((await users.FindByIdAsync(id))!);
    }

    public static async Task<bool> PasswordWorksAsync(PanelFactory panel, string id, string password)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        return await users.CheckPasswordAsync((await users.FindByIdAsync(id))!, password);
    }

    public static async Task SetMustChangePasswordAsync(PanelFactory panel, string id, bool required)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        var user = (await users.FindByIdAsync(id))!;
        user.MustChangePassword = required;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }
}
