using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Data.ApiTokens;
using SftpJail.Data.Identity;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Api;

/// <summary>A token never outlives or outranks its owner, and every refused use of it is audited.</summary>
public sealed class ApiTokenLifecycleTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task A_token_dies_when_its_owner_is_demoted_and_the_refusal_is_audited()
    {
        var (owner, token) = await panel.AccountWithTokenAsync(ApiTokenScope.Admin);
        using var api = panel.Api(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/tokens")).StatusCode);

        await WithUserAsync(owner, async (users, user) =>
        {
            await users.RemoveFromRoleAsync(user, PanelRoles.Admin);
            await users.AddToRoleAsync(user, PanelRoles.Staff);
        });

        Assert.Equal("The API token's owner no longer has the Admin role.", await (await api.GetAsync("/api/v1/sites")).ProblemDetailAsync(401));
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == ApiTokenService.DeniedAction && e.Detail!.StartsWith("owner is no longer Admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_dies_while_its_owner_is_locked()
    {
        var (owner, token) = await panel.AccountWithTokenAsync(ApiTokenScope.Staff);
        using var api = panel.Api(token);
        await WithUserAsync(owner, async (users, user) =>
        {
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        });

        Assert.Equal("The API token's owner account is locked.", await (await api.GetAsync("/api/v1/sites")).ProblemDetailAsync(401));

        await WithUserAsync(owner, (users, user) => users.SetLockoutEndDateAsync(user, null));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/sites")).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_owner_deletes_its_tokens()
    {
        var (owner, token) = await panel.AccountWithTokenAsync(ApiTokenScope.Staff);
        using var api = panel.Api(token);
        await WithUserAsync(owner, (users, user) => users.DeleteAsync(user));

        Assert.Equal(ApiTokenService.NotValid, await (await api.GetAsync("/api/v1/sites")).ProblemDetailAsync(401));
        await using var scope = panel.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Set<ApiToken>().AnyAsync(t => t.OwnerId == owner.Id));
    }

    [Fact]
    public async Task A_customer_token_on_another_customers_site_is_refused_and_audited()
    {
        var mine = await panel.AddCustomerAsync();
        var theirs = await panel.AddCustomerAsync();
        using var api = panel.Api(await panel.CreateTokenAsync(mine.Customer!, ApiTokenScope.Customer));

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/sites/{mine.Domain}")).StatusCode);
        Assert.Equal("This token may only see its own sites.", await (await api.GetAsync($"/api/v1/sites/{theirs.Domain}")).ProblemDetailAsync(403));
        var list = await (await api.GetAsync($"/api/v1/sites?search={theirs.Domain}")).JsonAsync();
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == ApiTokenService.DeniedAction && e.Detail!.Contains(theirs.Domain, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scope_the_token_lacks_is_a_403_and_audited()
    {
        var (_, token) = await panel.AccountWithTokenAsync(ApiTokenScope.Staff);
        using var api = panel.Api(token);

        Assert.Equal("A Staff token may not do this.", await (await api.PostAsync("/api/v1/apply", null)).ProblemDetailAsync(403));
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == ApiTokenService.DeniedAction && e.Detail!.StartsWith("scope Staff may not POST /api/v1/apply", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_makes_and_revokes_tokens_through_the_api_but_never_one_above_its_owner()
    {
        var (_, adminToken) = await panel.AccountWithTokenAsync(ApiTokenScope.Admin);
        var staff = await panel.CreateStaffAsync();
        using var admin = panel.Api(adminToken);

        var tooHigh = await admin.PostAsJsonAsync("/api/v1/tokens", new { ownerEmail = staff.Email, name = "ci", scope = "Admin" });
        Assert.Equal($"scope: {staff.Email} is Staff; a token cannot do more than its owner.", await tooHigh.ProblemDetailAsync(400));

        var created = await admin.PostAsJsonAsync("/api/v1/tokens", new { ownerEmail = staff.Email, name = "ci", scope = "Customer", expiresInDays = 7 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("summary").GetProperty("id").GetInt32();
        Assert.StartsWith(ApiTokenSecret.Prefix, token, StringComparison.Ordinal);

        using var made = panel.Api(token);
        var me = await (await made.GetAsync("/api/v1/me")).JsonAsync();
        Assert.Equal(staff.Email, me.GetProperty("account").GetString());
        Assert.Equal("Customer", me.GetProperty("scope").GetString());
        Assert.NotNull((await panel.ReadTokenAsync(token)).LastUsedAt);
        var listed = await (await admin.GetAsync("/api/v1/tokens")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
        Assert.DoesNotContain((await panel.ReadTokenAsync(token)).SecretHash, listed, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode);
        Assert.Equal("The API token was revoked.", await (await made.GetAsync("/api/v1/me")).ProblemDetailAsync(401));
        var audit = await panel.FullAuditAsync();
        Assert.Contains(audit, e => e.Action == ApiTokenService.CreatedAction && e.Target == $"apitoken:{ApiTokenSecret.Display(KeyId(token))}");
        Assert.Contains(audit, e => e.Action == ApiTokenService.RevokedAction && e.Target == $"apitoken:{ApiTokenSecret.Display(KeyId(token))}");
        Assert.Contains(audit, e => e.Action == ApiTokenService.DeniedAction && e.Detail!.StartsWith("revoked", StringComparison.Ordinal));
    }

    private async Task WithUserAsync(TestAccount account, Func<UserManager<PanelUser>, PanelUser, Task> change)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        await change(users, (await users.FindByIdAsync(account.Id))!);
    }

    private static string KeyId(string token) => ApiTokenSecret.TryParse(token, out var keyId, out _) ? keyId : throw new InvalidOperationException(token);
}

/// <summary>With two-factor enrolment required, a Staff or Admin token works only for an owner who has an authenticator.</summary>
public sealed class ApiTwoFactorTests(TwoFactorPanelFactory panel) : IClassFixture<TwoFactorPanelFactory>
{
    [Fact]
    public async Task A_staff_token_works_once_its_owner_enrols_and_is_never_redirected_to_enrolment()
    {
        var (owner, token) = await panel.AccountWithTokenAsync(ApiTokenScope.Staff);
        using var api = panel.Api(token);

        Assert.Equal("The API token's owner must enrol an authenticator before a Staff or Admin token works.", await (await api.GetAsync("/api/v1/sites")).ProblemDetailAsync(401));

        await panel.EnableTwoFactorAsync(owner);
        var response = await api.GetAsync("/api/v1/sites");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class ApiTokenScopeTests
{
    [Fact]
    public void Token_scopes_are_the_panel_roles_ranked_customer_staff_admin()
    {
        Assert.Equal(PanelRoles.All.Order(), Enum.GetNames<ApiTokenScope>().Order());
        Assert.True(ApiTokenScope.Customer < ApiTokenScope.Staff && ApiTokenScope.Staff < ApiTokenScope.Admin);
        Assert.Equal(ApiTokenScope.Admin, ApiTokenScopes.Highest([PanelRoles.Customer, PanelRoles.Admin]));
        Assert.Null(ApiTokenScopes.Highest(["Auditor"]));
        Assert.False(ApiTokenScopes.TryParse("3", out _));
    }
}
