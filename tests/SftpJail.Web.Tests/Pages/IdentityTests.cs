using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

public sealed class FirstAdminSetupTests
{
    [Fact]
    public async Task The_logged_setup_url_creates_the_first_admin_once()
    {
        await using var panel = new PanelFactory();
        var setupPath = panel.SetupPathFromLog();
        Assert.NotNull(setupPath);
        using var browser = panel.Anonymous();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/setup?token=not-the-token")).StatusCode);
        var weak = await browser.SubmitAsync(setupPath, "first-admin", new Dictionary<string, string> { ["Input.Email"] = "boss@example.test", ["Input.Password"] = "Password1234" });
        Assert.Contains("common word", string.Join(" ", weak.ValidationMessages()), StringComparison.Ordinal);
        Assert.Equal(0, await panel.CountPanelUsersAsync());

        var created = await browser.SubmitAsync(setupPath, "first-admin", new Dictionary<string, string> { ["Input.Email"] = "boss@example.test", ["Input.Password"] = "granite-Harbor-lantern-93" });
        Assert.True(created.IsRedirect);
        Assert.Equal(1, await panel.CountPanelUsersAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await panel.Anonymous().GetAsync(setupPath)).StatusCode);

        // The new admin is signed in and may use the Admin pages.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/host")).StatusCode);
    }

    [Fact]
    public async Task No_setup_url_is_offered_once_an_account_exists()
    {
        await using var panel = new PanelFactory();
        var setupPath = panel.SetupPathFromLog()!;
        await panel.CreateStaffAsync();
        using var browser = panel.Anonymous();

        var page = await browser.SubmitAsync(setupPath, "first-admin", new Dictionary<string, string> { ["Input.Email"] = "late@example.test", ["Input.Password"] = "granite-Harbor-lantern-93" });

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal(1, await panel.CountPanelUsersAsync());
    }
}

public sealed class TwoFactorTests(TwoFactorPanelFactory panel) : IClassFixture<TwoFactorPanelFactory>
{
    [Fact]
    public async Task Staff_without_an_authenticator_can_only_reach_enrolment_until_they_verify_a_code()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = await panel.LoginAsAsync(staff);

        var blocked = await browser.GetAsync("/sites");
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Contains("/Account/Manage/EnableAuthenticator", blocked.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var enrol = await browser.GetPageAsync("/Account/Manage/EnableAuthenticator?required=true");
        Assert.StartsWith("data:image/png;base64,", enrol.Document.QuerySelector("img[data-qr]")!.GetAttribute("src"), StringComparison.Ordinal);
        var key = enrol.Document.QuerySelector("[data-shared-key]")!.TextContent;

        var wrong = await browser.SubmitAsync(enrol, "enable-2fa", new Dictionary<string, string> { ["Input.Code"] = "000000" == Totp.Code(key) ? "111111" : "000000" });
        Assert.Contains("not valid", wrong.Text(), StringComparison.Ordinal);

        var verified = await browser.SubmitAsync("/Account/Manage/EnableAuthenticator", "enable-2fa", new Dictionary<string, string> { ["Input.Code"] = Totp.Fresh(key) });
        Assert.Equal(10, verified.Document.QuerySelectorAll("[data-recovery-codes] li").Length);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/sites")).StatusCode);

        // The next sign-in asks for a code.
        using var second = panel.Anonymous();
        var login = await second.SubmitAsync("/Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });
        Assert.Contains("LoginWith2fa", login.Location!.OriginalString, StringComparison.Ordinal);
        var twoFactorPath = PanelClient.LocalPath(login.Location);
        var done = await second.SubmitAsync(twoFactorPath, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = Totp.Fresh(key) });
        Assert.True(done.IsRedirect, string.Join(" ", done.ValidationMessages()));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/sites")).StatusCode);
    }

    [Fact]
    public async Task Customers_are_not_forced_to_enrol()
    {
        var site = await panel.AddCustomerAsync();
        using var browser = await panel.LoginAsAsync(site.Customer!);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/connect/{site.Id}")).StatusCode);
    }
}

public sealed class SessionTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Log_out_everywhere_ends_every_other_session_at_once()
    {
        var admin = await panel.CreateAdminAsync();
        using var laptop = await panel.LoginAsAsync(admin);
        using var phone = await panel.LoginAsAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/host")).StatusCode);

        var manage = await laptop.GetPageAsync("/Account/Manage");
        var token = manage.Document.QuerySelector("form[action='Account/LogoutEverywhere'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var loggedOut = await laptop.PostAsync("/Account/LogoutEverywhere", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        Assert.True(loggedOut.IsRedirect);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/host")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/host")).StatusCode);
        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Action == "account.logout-everywhere" && e.Target == $"account:{admin.Email}");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = panel.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await browser.SubmitAsync("/Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = staff.Email, ["Input.Password"] = $"wrong-password-{i}" });
        }

        var right = await browser.SubmitAsync("/Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });

        Assert.True(right.IsRedirect);
        Assert.Contains("Account/Lockout", right.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/sites")).StatusCode);
    }
}
