using System.Diagnostics;
using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>The sign-in attacks of issue 9: recovery-code guessing, TOTP replay, timing enumeration, bad return URLs.</summary>
public sealed class SignInHardeningTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Wrong_recovery_codes_count_as_failed_sign_ins_and_lock_the_account()
    {
        var staff = await panel.CreateStaffAsync();
        var (_, codes) = await panel.EnableTwoFactorAsync(staff);
        using var browser = panel.Anonymous();
        await PasswordStepAsync(browser, staff);

        var last = default(PanelClient.Page);
        for (var i = 0; i < 5; i++)
        {
            last = await browser.SubmitAsync("/Account/LoginWithRecoveryCode", "login-recovery", new Dictionary<string, string> { ["Input.RecoveryCode"] = $"WRONG-{i:D5}" });
        }

        Assert.True(last!.IsRedirect && last.Location!.OriginalString.Contains("Account/Lockout", StringComparison.Ordinal), $"after 5 wrong recovery codes: {(int)last.Status}");
        var stored = await panel.ReadAccountAsync(staff.Id);
        Assert.True(stored.User.LockoutEnd > DateTimeOffset.UtcNow, "the account is not locked out");

        // Locked: even a right code is refused, and not used up.
        using var again = panel.Anonymous();
        var login = await again.SubmitAsync("/Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });
        Assert.Contains("Account/Lockout", login.Location!.OriginalString, StringComparison.Ordinal);
        var right = await browser.PostAsync("/Account/LoginWithRecoveryCode", new Dictionary<string, string>
        {
            ["_handler"] = "login-recovery",
            ["__RequestVerificationToken"] = (await browser.GetPageAsync("/Account/LoginWithRecoveryCode")).Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "",
            ["Input.RecoveryCode"] = codes[0],
        });
        Assert.False(right.IsRedirect && !right.Location!.OriginalString.Contains("Lockout", StringComparison.Ordinal), "a locked account signed in with a recovery code");
        Assert.Equal(10, (await panel.ReadAccountAsync(staff.Id)).RecoveryCodesLeft);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/sites")).StatusCode);
    }

    [Fact]
    public async Task A_TOTP_code_is_accepted_only_once()
    {
        var staff = await panel.CreateStaffAsync();
        var (key, _) = await panel.EnableTwoFactorAsync(staff);
        var code = Totp.Code(key);

        using var first = panel.Anonymous();
        var path = await PasswordStepAsync(first, staff);
        var signedIn = await first.SubmitAsync(path, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = code });
        Assert.True(signedIn.IsRedirect, string.Join(" ", signedIn.ValidationMessages()));

        // An eavesdropper (shoulder, proxy log) replays the same code within its 30 s window.
        using var replay = panel.Anonymous();
        var replayPath = await PasswordStepAsync(replay, staff);
        var replayed = await replay.SubmitAsync(replayPath, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = code });

        Assert.False(replayed.IsRedirect, $"a used TOTP code was accepted again: {replayed.Location}");
        Assert.Contains("not valid", replayed.Text(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/sites")).StatusCode);
    }

    [Fact]
    public async Task The_code_that_finished_enrolment_cannot_sign_in_again()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = await panel.LoginAsAsync(staff);
        var enrol = await browser.GetPageAsync("/Account/Manage/EnableAuthenticator");
        var key = enrol.Document.QuerySelector("[data-shared-key]")!.TextContent;
        var code = Totp.Code(key);
        var verified = await browser.SubmitAsync(enrol, "enable-2fa", new Dictionary<string, string> { ["Input.Code"] = code });
        Assert.Equal(10, verified.Document.QuerySelectorAll("[data-recovery-codes] li").Length);

        using var replay = panel.Anonymous();
        var path = await PasswordStepAsync(replay, staff);
        var replayed = await replay.SubmitAsync(path, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = code });

        Assert.False(replayed.IsRedirect, "the enrolment code was accepted again for sign-in");
    }

    [Fact]
    public async Task An_unknown_e_mail_takes_as_long_to_refuse_as_a_wrong_password()
    {
        var known = await panel.CreateStaffAsync();
        await panel.DisableLockoutAsync(known);
        using var browser = panel.Anonymous();
        var form = await browser.GetPageAsync("/Account/Login");
        var token = form.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        async Task<double> TimeAsync(string email)
        {
            var fields = new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = email,
                ["Input.Password"] = "not-the-password-" + Guid.NewGuid().ToString("N")[..8],
            };
            var watch = Stopwatch.StartNew();
            var page = await browser.PostAsync("/Account/Login", fields);
            watch.Stop();
            Assert.Equal(HttpStatusCode.OK, page.Status);
            return watch.Elapsed.TotalMilliseconds;
        }

        await TimeAsync(known.Email);
        await TimeAsync("warm-up@nowhere.test");
        List<double> knownTimes = [], unknownTimes = [];
        for (var i = 0; i < 9; i++)
        {
            // Interleaved, so both see the same machine load.
            knownTimes.Add(await TimeAsync(known.Email));
            unknownTimes.Add(await TimeAsync($"nobody{i}@nowhere.test"));
        }

        var knownMedian = knownTimes.Order().ElementAt(knownTimes.Count / 2);
        var unknownMedian = unknownTimes.Order().ElementAt(unknownTimes.Count / 2);
        Assert.True(unknownMedian >= 0.3 * knownMedian, $"unknown account {unknownMedian:0.0} ms vs known account {knownMedian:0.0} ms (medians of 9)");
    }

    [Theory]
    [InlineData("http://evil.example/")]
    [InlineData("https://evil.example/path")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http:evil.example")]
    [InlineData("/%2F/evil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData(" //evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("\r\nLocation: http://evil.example")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("http://localhost.evil.example/")]
    [InlineData("/sites/../../../evil")]
    [InlineData("%ZZ")]
    public async Task A_bad_return_url_after_sign_in_redirects_to_the_panel_not_500_and_not_away(string returnUrl)
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = panel.Anonymous();
        var path = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);

        var page = await browser.SubmitAsync(path, "login", new Dictionary<string, string> { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });

        Assert.True(page.IsRedirect, $"returnUrl {returnUrl}: {(int)page.Status}");
        AssertStaysOnThePanel(page.Location!);
    }

    [Fact]
    public async Task A_bad_return_url_after_the_two_factor_step_redirects_to_the_panel()
    {
        var staff = await panel.CreateStaffAsync();
        var (key, _) = await panel.EnableTwoFactorAsync(staff);
        using var browser = panel.Anonymous();
        var login = await browser.SubmitAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString("http://evil.example/"), "login", new Dictionary<string, string> { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });
        Assert.True(login.IsRedirect, $"{(int)login.Status}");

        var done = await browser.SubmitAsync(PanelClient.LocalPath(login.Location!), "login-2fa", new Dictionary<string, string> { ["Input.Code"] = Totp.Fresh(key) });

        Assert.True(done.IsRedirect, $"{(int)done.Status}");
        AssertStaysOnThePanel(done.Location!);
    }

    /// <summary>Signs in with the password and returns the path of the two-factor step it redirects to.</summary>
    internal static async Task<string> PasswordStepAsync(PanelClient browser, TestAccount account)
    {
        var login = await browser.SubmitAsync("/Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = account.Email, ["Input.Password"] = account.Password });
        Assert.True(login.IsRedirect && login.Location!.OriginalString.Contains("LoginWith2fa", StringComparison.Ordinal), $"password step: {(int)login.Status} {login.Location}");
        return PanelClient.LocalPath(login.Location!);
    }

    private static void AssertStaysOnThePanel(Uri location)
    {
        var text = location.OriginalString;
        Assert.False(location.IsAbsoluteUri && location.Host != "localhost", $"redirected away to {text}");
        Assert.False(text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("/\\", StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal), $"redirect {text} leaves the panel in a browser");
        Assert.DoesNotContain(':', location.IsAbsoluteUri ? location.PathAndQuery : text);
    }
}
