using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Web.Components.Pages.Account.Accounts;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.AccountsPageDriver;

namespace SftpJail.Web.Tests.Components;

/// <summary>The interactive Accounts page in a circuit over the real panel (SQLite, Identity, audit): the grid and each dialog.</summary>
public sealed class AccountsPageTests(PanelFactory panel) : IClassFixture<PanelFactory>, IAsyncLifetime
{
    private TestAccount admin = default!;

    public async Task InitializeAsync() => admin = await panel.CreateAdminAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_grid_shows_role_status_owned_sites_last_sign_in_and_creation()
    {
        var site = await panel.AddCustomerAsync();
        var customer = site.Customer!;
        using (await panel.LoginAsAsync(customer))
        {
        }

        await using var circuit = await AdminCircuitAsync();
        var page = OpenFor(circuit, customer.Email);

        Assert.Equal("Customer", page.Find("[data-role]").GetAttribute("data-role"));
        Assert.Equal("off", page.Find("[data-two-factor]").GetAttribute("data-two-factor"));
        Assert.Empty(page.FindAll("[data-locked]"));
        var link = page.Find($"[data-owned-site='{site.Domain}']");
        Assert.EndsWith($"sites/{site.Id}", link.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d$", page.Find("[data-last-login]").TextContent.Trim());
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d$", page.Find("[data-created]").TextContent.Trim());
        Assert.Equal("1", page.Find("[data-total]").GetAttribute("data-total"));
    }

    [Fact]
    public async Task Search_role_filter_sort_and_paging_run_in_sql()
    {
        var stem = panel.Unique("dirstem");
        var first = await panel.CreateStaffAsync($"{stem}-a@example.test");
        await panel.CreateCustomerAsync($"{stem}-b@example.test");
        await panel.CreateStaffAsync($"{stem}-c@example.test");
        await using var scope = panel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();

        var staff = await AccountDirectory.QueryAsync(db, new AccountQuery(0, 25, stem.ToUpperInvariant(), PanelRoles.Staff, null, false), DateTimeOffset.UtcNow);
        var paged = await AccountDirectory.QueryAsync(db, new AccountQuery(1, 2, stem, null, AccountDirectory.SortEmail, true), DateTimeOffset.UtcNow);
        var newest = await AccountDirectory.QueryAsync(db, new AccountQuery(0, 1, stem, null, AccountDirectory.SortCreated, true), DateTimeOffset.UtcNow);

        Assert.Equal(2, staff.Total);
        Assert.All(staff.Rows, r => Assert.Equal("Staff", r.Role));
        Assert.Equal(3, paged.Total);
        Assert.Equal(first.Email, Assert.Single(paged.Rows).Email);
        Assert.Equal($"{stem}-c@example.test", Assert.Single(newest.Rows).Email);
    }

    [Fact]
    public async Task Create_shows_a_generated_password_once_that_signs_in_and_must_then_be_changed()
    {
        var email = $"{panel.Unique("created")}@example.test";
        await using var circuit = await AdminCircuitAsync();
        var page = circuit.Render<AccountsPage>();

        await ClickAsync(circuit, "[data-new-account]");
        WaitFor(circuit, "[data-create-account-dialog]");
        Type(circuit, "email", email);
        await ClickAsync(circuit, "[data-role-option=Customer]");
        await ClickAsync(circuit, "[data-dialog-ok]");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-secret]")), Wait);
        var password = page.Find("[data-secret]").TextContent.Trim();
        var user = (await FindByEmailAsync(panel, email))!;
        Assert.True(user.MustChangePassword);
        Assert.Equal(["Customer"], await RolesAsync(panel, user.Id));
        Assert.True(await PasswordWorksAsync(panel, user.Id, password));
        var audit = await panel.FullAuditAsync();
        Assert.Contains(audit, e => e.Action == "account.create" && e.Target == $"account:{email}" && e.Actor == $"panel:{admin.Email}");
        Assert.DoesNotContain(audit, e => $"{e.Before}{e.After}{e.Detail}".Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_with_a_chosen_password_shows_no_secret_and_a_weak_one_is_refused()
    {
        var email = $"{panel.Unique("chosen")}@example.test";
        var weak = $"{panel.Unique("weakone")}@example.test";
        await using var circuit = await AdminCircuitAsync();
        var page = circuit.Render<AccountsPage>();

        await CreateWithPasswordAsync(circuit, weak, "password1234");
        circuit.WaitForAssertion(() => Assert.Contains("common word", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.Null(await FindByEmailAsync(panel, weak));

        await CreateWithPasswordAsync(circuit, email, "Tundra-velvet-otter-42");
        await AssertEventuallyAsync(async () => await FindByEmailAsync(panel, email) is not null);
        var user = (await FindByEmailAsync(panel, email))!;
        Assert.False(user.MustChangePassword);
        Assert.True(await PasswordWorksAsync(panel, user.Id, "Tundra-velvet-otter-42"));
        Assert.Empty(page.FindAll("[data-secret]"));
        Assert.DoesNotContain("Tundra-velvet-otter-42", circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_role_is_audited_and_ends_the_accounts_sessions()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = await panel.LoginAsAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/sites")).StatusCode);
        var openTab = await CircuitHarness.PrincipalAsync(panel, staff);
        Assert.True(await StillValidAsync(openTab));
        await using var circuit = await AdminCircuitAsync();
        var page = OpenFor(circuit, staff.Email);

        RowAction(circuit, page, staff.Email, "role");
        await ClickAsync(circuit, "[data-role-option=Customer]");
        await ClickAsync(circuit, "[data-dialog-ok]");

        page.WaitForAssertion(() => Assert.Equal("Customer", page.Find("[data-role]").GetAttribute("data-role")), Wait);
        Assert.Equal(["Customer"], await RolesAsync(panel, staff.Id));
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == AccountActions.RoleChanged && e.Target == $"account:{staff.Email}" && e.After!.Contains("Customer", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/sites")).StatusCode);
        Assert.False(await StillValidAsync(openTab));
    }

    [Fact]
    public async Task Lock_signs_the_account_out_and_unlock_lets_it_back_in()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = await panel.LoginAsAsync(staff);
        var openTab = await CircuitHarness.PrincipalAsync(panel, staff);
        await using var circuit = await AdminCircuitAsync();
        var page = OpenFor(circuit, staff.Email);

        RowAction(circuit, page, staff.Email, "lock");
        await ClickAsync(circuit, "[data-confirm-ok]");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-locked]")), Wait);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/sites")).StatusCode);
        Assert.False(await StillValidAsync(openTab));

        RowAction(circuit, page, staff.Email, "lock");
        await ClickAsync(circuit, "[data-confirm-ok]");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-locked]")), Wait);
        using var again = await panel.LoginAsAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/sites")).StatusCode);
        var actions = (await panel.FullAuditAsync()).Where(e => e.Target == $"account:{staff.Email}").Select(e => e.Action).ToList();
        Assert.Contains(AccountAudit.Locked, actions);
        Assert.Contains(AccountAudit.Unlocked, actions);
    }

    [Fact]
    public async Task Password_reset_replaces_the_password_shows_the_new_one_once_and_ends_sessions()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = await panel.LoginAsAsync(staff);
        await using var circuit = await AdminCircuitAsync();
        var page = OpenFor(circuit, staff.Email);

        RowAction(circuit, page, staff.Email, "password");
        WaitFor(circuit, "[data-password-dialog]");
        Tick(circuit, "must-change", false);
        await ClickAsync(circuit, "[data-dialog-ok]");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-secret]")), Wait);
        var password = page.Find("[data-secret]").TextContent.Trim();
        Assert.True(await PasswordWorksAsync(panel, staff.Id, password));
        Assert.False(await PasswordWorksAsync(panel, staff.Id, staff.Password));
        Assert.False((await ReadAsync(panel, staff.Id))!.MustChangePassword);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/sites")).StatusCode);
        var audit = await panel.FullAuditAsync();
        Assert.Contains(audit, e => e.Action == AccountActions.PasswordReset && e.Target == $"account:{staff.Email}");
        Assert.DoesNotContain(audit, e => $"{e.Before}{e.After}{e.Detail}".Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_factor_reset_turns_it_off_with_a_new_key_and_no_recovery_codes()
    {
        var staff = await panel.CreateStaffAsync();
        var (key, _) = await panel.EnableTwoFactorAsync(staff);
        await using var circuit = await AdminCircuitAsync();
        var page = OpenFor(circuit, staff.Email);
        Assert.Equal("on", page.Find("[data-two-factor]").GetAttribute("data-two-factor"));

        RowAction(circuit, page, staff.Email, "two-factor");
        await ClickAsync(circuit, "[data-confirm-ok]");

        page.WaitForAssertion(() => Assert.Equal("off", page.Find("[data-two-factor]").GetAttribute("data-two-factor")), Wait);
        var (user, newKey, codes) = await panel.ReadAccountAsync(staff.Id);
        Assert.False(user.TwoFactorEnabled);
        Assert.NotEqual(key, newKey);
        Assert.Equal(0, codes);
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == AccountAudit.TwoFactorReset && e.Target == $"account:{staff.Email}");
    }

    [Fact]
    public async Task Delete_needs_the_exact_email_typed_and_leaves_the_customers_site()
    {
        var site = await panel.AddCustomerAsync();
        var customer = site.Customer!;
        await using var circuit = await AdminCircuitAsync();
        var page = OpenFor(circuit, customer.Email);

        RowAction(circuit, page, customer.Email, "delete");
        WaitFor(circuit, "[data-typed-confirm-dialog]");
        Assert.True(circuit.Find("[data-dialog-ok]").HasAttribute("disabled"));
        Type(circuit, "typed", "someone@else.test");
        circuit.WaitForAssertion(() => Assert.True(circuit.Find("[data-dialog-ok]").HasAttribute("disabled")), Wait);
        Type(circuit, "typed", customer.Email.ToUpperInvariant());
        circuit.WaitForAssertion(() => Assert.False(circuit.Find("[data-dialog-ok]").HasAttribute("disabled")), Wait);
        await ClickAsync(circuit, "[data-dialog-ok]");

        page.WaitForAssertion(() => Assert.Contains("No accounts match.", page.Markup, StringComparison.Ordinal), Wait);
        Assert.Null(await ReadAsync(panel, customer.Id));
        await using var scope = panel.Services.CreateAsyncScope();
        var kept = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Sites.Single(s => s.Id == site.Id);
        Assert.Null(kept.CustomerAccountId);
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == AccountAudit.Deleted && e.Target == $"account:{customer.Email}");
    }

    [Fact]
    public async Task Requiring_a_new_password_sends_the_signed_in_account_to_the_change_page_on_its_next_request()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = await panel.LoginAsAsync(staff);
        await using var circuit = await AdminCircuitAsync();
        var page = OpenFor(circuit, staff.Email);

        RowAction(circuit, page, staff.Email, "must-change");
        await ClickAsync(circuit, "[data-confirm-ok]");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-must-change]")), Wait);
        Assert.True((await ReadAsync(panel, staff.Id))!.MustChangePassword);
        var next = await browser.GetAsync("/sites");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal(PasswordChangeRequiredMiddleware.ChangePath, next.Headers.Location!.OriginalString);
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == AccountActions.MustChangePasswordSet && e.Target == $"account:{staff.Email}");
    }

    /// <summary>Whether a tab holding <paramref name="principal"/> would pass the revalidation check now.</summary>
    private async Task<bool> StillValidAsync(System.Security.Claims.ClaimsPrincipal principal)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await CircuitPrincipalCheck.StillValidAsync(scope.ServiceProvider, principal) is not null;
    }

    private async Task<CircuitHarness> AdminCircuitAsync()
    {
        var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(admin);
        return circuit;
    }

    private static async Task CreateWithPasswordAsync(CircuitHarness circuit, string email, string password)
    {
        await ClickAsync(circuit, "[data-new-account]");
        WaitFor(circuit, "[data-create-account-dialog]");
        Type(circuit, "email", email);
        Tick(circuit, "generate", false);
        WaitFor(circuit, "[data-field=password] input");
        Type(circuit, "password", password);
        Tick(circuit, "must-change", false);
        await ClickAsync(circuit, "[data-dialog-ok]");
        circuit.WaitForAssertion(() => Assert.DoesNotContain("data-create-account-dialog", circuit.Markup, StringComparison.Ordinal), Wait);
    }

    private static async Task AssertEventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the change did not happen in time");
            await Task.Delay(50);
        }
    }
}
