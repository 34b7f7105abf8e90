using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Logging out ends the session on the server, and the authenticator can only be replaced by someone who proves they own the account.</summary>
public sealed class SessionRevocationTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Logging_out_revokes_the_session_so_a_copied_cookie_stops_working()
    {
        var admin = await panel.CreateAdminAsync();
        using var laptop = panel.Anonymous();
        var login = await laptop.SubmitAsync("/Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = admin.Email, ["Input.Password"] = admin.Password });
        var stolen = AuthCookie(login.Response);
        using var phone = await panel.LoginAsAsync(admin);
        using var thief = panel.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(thief, "/host", stolen)).StatusCode);

        var page = await laptop.GetPageAsync("/host");
        var token = page.Document.QuerySelector("form[action='Account/Logout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var loggedOut = await laptop.PostAsync("/Account/Logout", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.True(loggedOut.IsRedirect);

        var replayed = await GetWithCookieAsync(thief, "/host", stolen);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/Account/Login", PanelClient.LocalPath(replayed.Headers.Location!), StringComparison.Ordinal);
        // Only that session ended: the phone's own session is another one.
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/host")).StatusCode);
        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Action == "account.logout" && e.Target == $"account:{admin.Email}");
    }

    [Fact]
    public async Task An_enrolled_account_is_never_shown_its_authenticator_key_again()
    {
        var staff = await panel.CreateStaffAsync();
        var (key, _) = await panel.EnableTwoFactorAsync(staff);
        using var browser = await SignInWithTwoFactorAsync(staff, key);

        var page = await browser.GetPageAsync("/Account/Manage/EnableAuthenticator");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Document.QuerySelector("[data-shared-key]"));
        Assert.Null(page.Document.QuerySelector("img[data-qr]"));
        Assert.DoesNotContain(key, page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(string.Join(' ', key.Chunk(4).Select(c => new string(c))), page.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Replacing_the_authenticator_needs_the_current_password_and_code_in_the_same_request()
    {
        var staff = await panel.CreateStaffAsync();
        var (key, _) = await panel.EnableTwoFactorAsync(staff);
        using var browser = await SignInWithTwoFactorAsync(staff, key);

        // Someone holding only the session: no password, or no code, changes nothing.
        var noPassword = await browser.SubmitAsync("/Account/Manage/EnableAuthenticator", "reset-2fa", new Dictionary<string, string> { ["Reset.Password"] = "guessed-password-x1", ["Reset.Code"] = Totp.Fresh(key) });
        Assert.Null(noPassword.Document.QuerySelector("[data-shared-key]"));
        var noCode = await browser.SubmitAsync("/Account/Manage/EnableAuthenticator", "reset-2fa", new Dictionary<string, string> { ["Reset.Password"] = staff.Password, ["Reset.Code"] = "" });
        Assert.Null(noCode.Document.QuerySelector("[data-shared-key]"));
        var stored = await panel.ReadAccountAsync(staff.Id);
        Assert.Equal(key, stored.AuthenticatorKey);
        Assert.True(stored.User.TwoFactorEnabled);

        // The owner, with both, gets a new key to enrol.
        var reset = await browser.SubmitAsync("/Account/Manage/EnableAuthenticator", "reset-2fa", new Dictionary<string, string> { ["Reset.Password"] = staff.Password, ["Reset.Code"] = Totp.Fresh(key) });
        var newKey = reset.Document.QuerySelector("[data-shared-key]")?.TextContent;
        Assert.False(string.IsNullOrEmpty(newKey), $"no new key after a proper reset: {string.Join(" | ", reset.ValidationMessages())}");
        Assert.NotEqual(key, (await panel.ReadAccountAsync(staff.Id)).AuthenticatorKey);
    }

    [Theory]
    [InlineData("/Account/Manage/GenerateRecoveryCodes", "new-recovery-codes")]
    [InlineData("/Account/Manage/Disable2fa", "disable-2fa")]
    public async Task Recovery_codes_and_turning_two_factor_off_need_the_password_and_code(string path, string form)
    {
        var customer = await panel.CreateCustomerAsync();
        var (key, _) = await panel.EnableTwoFactorAsync(customer);
        using var browser = await SignInWithTwoFactorAsync(customer, key);

        var bare = await browser.SubmitAsync(path, form, new Dictionary<string, string> { ["Reauth.Password"] = "", ["Reauth.Code"] = "" });
        Assert.Empty(bare.Document.QuerySelectorAll("[data-recovery-codes] li"));
        var wrong = await browser.SubmitAsync(path, form, new Dictionary<string, string> { ["Reauth.Password"] = "guessed-password-x1", ["Reauth.Code"] = Totp.Fresh(key) });
        Assert.Empty(wrong.Document.QuerySelectorAll("[data-recovery-codes] li"));
        var stored = await panel.ReadAccountAsync(customer.Id);
        Assert.True(stored.User.TwoFactorEnabled);
        Assert.Equal(10, stored.RecoveryCodesLeft);
        Assert.Equal(key, stored.AuthenticatorKey);

        var proper = await browser.SubmitAsync(path, form, new Dictionary<string, string> { ["Reauth.Password"] = customer.Password, ["Reauth.Code"] = Totp.Fresh(key) });
        Assert.True(proper.IsRedirect || proper.Document.QuerySelectorAll("[data-recovery-codes] li").Length == 10, $"{path} with password and code: {(int)proper.Status} {string.Join(" | ", proper.ValidationMessages())}");
    }

    private async Task<PanelClient> SignInWithTwoFactorAsync(TestAccount account, string key)
    {
        var browser = panel.Anonymous();
        var path = await SignInHardeningTests.PasswordStepAsync(browser, account);
        var done = await browser.SubmitAsync(path, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = Totp.Fresh(key) });
        Assert.True(done.IsRedirect, string.Join(" ", done.ValidationMessages()));
        return browser;
    }

    private static string AuthCookie(HttpResponseMessage response)
    {
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        var auth = cookies.Select(c => c.Split(';')[0]).Where(c => c.StartsWith("SftpJail.Auth", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(auth);
        return string.Join("; ", auth);
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
