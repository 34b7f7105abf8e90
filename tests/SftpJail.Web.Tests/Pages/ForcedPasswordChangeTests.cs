using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.ApiTokens;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Components;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>"Must change password at next sign-in": over real HTTP sign-ins, circuits and API tokens.</summary>
public sealed class ForcedPasswordChangeTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private const string NewPassword = "Lichen-orbit-saddle-57";

    [Fact]
    public async Task After_sign_in_only_the_change_page_opens_and_after_the_change_everything_works()
    {
        var staff = await panel.CreateStaffAsync();
        await AccountsPageDriver.SetMustChangePasswordAsync(panel, staff.Id, true);
        using var browser = await panel.LoginAsAsync(staff);

        foreach (var path in new[] { "/sites", "/", "/Account/Manage", "/sites/add", "/_blazor/negotiate" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(PasswordChangeRequiredMiddleware.ChangePath, response.Headers.Location!.OriginalString);
        }

        var form = await browser.GetPageAsync(PasswordChangeRequiredMiddleware.ChangePath);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var same = await browser.SubmitAsync(form, "forced-password-change", new Dictionary<string, string> { ["Input.OldPassword"] = staff.Password, ["Input.NewPassword"] = staff.Password });
        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/sites")).StatusCode);

        var changed = await browser.SubmitAsync(PasswordChangeRequiredMiddleware.ChangePath, "forced-password-change",
            new Dictionary<string, string> { ["Input.OldPassword"] = staff.Password, ["Input.NewPassword"] = NewPassword });

        Assert.True(changed.IsRedirect, string.Join(" | ", changed.ValidationMessages()));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/sites")).StatusCode);
        Assert.False((await AccountsPageDriver.ReadAsync(panel, staff.Id))!.MustChangePassword);
        Assert.True(await AccountsPageDriver.PasswordWorksAsync(panel, staff.Id, NewPassword));
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == AccountAudit.PasswordChanged && e.Target == $"account:{staff.Email}" && e.After!.Contains("forced", StringComparison.Ordinal));
        using var again = await panel.LoginAsAsync(staff with { Password = NewPassword });
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/sites")).StatusCode);
    }

    [Fact]
    public async Task A_circuit_of_an_account_that_must_change_its_password_is_refused()
    {
        var staff = await panel.CreateStaffAsync();
        var principal = await CircuitHarness.PrincipalAsync(panel, staff);
        await using (var scope = panel.Services.CreateAsyncScope())
        {
            Assert.NotNull(await CircuitPrincipalCheck.StillValidAsync(scope.ServiceProvider, principal));
        }

        await AccountsPageDriver.SetMustChangePasswordAsync(panel, staff.Id, true);

        await using (var scope = panel.Services.CreateAsyncScope())
        {
            Assert.Null(await CircuitPrincipalCheck.StillValidAsync(scope.ServiceProvider, principal));
        }
    }

    [Fact]
    public async Task An_api_token_of_an_account_that_must_change_its_password_is_refused()
    {
        var customer = await panel.CreateCustomerAsync();
        string token;
        await using (var scope = panel.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<ApiTokenService>()
                .CreateAsync(new NewApiToken(customer.Email, "forced-change", ApiTokenScope.Customer), new Actor("test:fixture"));
            Assert.True(created.Succeeded, created.Error);
            token = created.Token!;
        }

        using var api = panel.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/sites")).StatusCode);

        await AccountsPageDriver.SetMustChangePasswordAsync(panel, customer.Id, true);

        var refused = await api.GetAsync("/api/v1/sites");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("change their password", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>Both demands at once (no authenticator yet, must change password): enrolment first, then the change, never a redirect loop.</summary>
public sealed class ForcedPasswordChangeWithTwoFactorTests(TwoFactorPanelFactory panel) : IClassFixture<TwoFactorPanelFactory>
{
    [Fact]
    public async Task Enrolment_comes_first_and_neither_page_redirects_to_the_other_in_a_loop()
    {
        var staff = await panel.CreateStaffAsync();
        await AccountsPageDriver.SetMustChangePasswordAsync(panel, staff.Id, true);
        using var browser = await panel.LoginAsAsync(staff);

        var sites = await browser.GetAsync("/sites");
        var change = await browser.GetAsync(PasswordChangeRequiredMiddleware.ChangePath);

        Assert.Contains(TwoFactorEnrolmentMiddleware.EnrolPath, sites.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains(TwoFactorEnrolmentMiddleware.EnrolPath, change.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(TwoFactorEnrolmentMiddleware.EnrolPath)).StatusCode);
    }
}
