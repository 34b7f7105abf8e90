using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SftpJail.Web.Tests.Browser;

/// <summary>
/// The pages the walk-through never lands on, each reached the way a user meets it, on desktop and phone sizes
/// (screenshots/2x-*.png): signing in with a recovery code (a wrong one refused, a good one working once), the lockout
/// after five wrong passwords, a Customer refused a staff page (a 403 status page) and the access-denied page, an
/// unknown URL, the status and error pages, and a set-password page without a link. No page may log a console error
/// or warning.
/// </summary>
public sealed partial class PanelBrowserTests
{
    /// <summary>The console line Chromium writes for a document whose 4xx status a test expected (see <see cref="ExpectStatusPageAsync"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<string> expectedDocumentStatuses = [];

    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task The_sign_in_refusal_and_status_pages_render_and_log_no_console_error(string screen)
    {
        var viewport = screen == "phone" ? Phone : Desktop;
        await using var live = await LivePanel.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var admin = new Login("admin@panel.test", "granite-Harbor-lantern-93");
        var customerEmail = "customer@panel.test";
        try
        {
            // The first Admin enrols an authenticator and keeps the recovery codes it shows once.
            var page = await NewPageAsync(browser, live, viewport);
            admin = admin with { TotpKey = await SetUpFirstAdminAsync(page, live, admin) };
            var recoveryCodes = (await page.Locator("[data-recovery-codes] li").AllTextContentsAsync()).Select(c => c.Trim()).ToList();
            Assert.True(recoveryCodes.Count >= 2, $"{recoveryCodes.Count} recovery code(s) shown");

            // A Customer account, its generated password shown once, that need not be changed first.
            await page.GotoAsync($"{live.BaseUrl}/accounts");
            await page.WaitForSelectorAsync("[data-accounts][data-interactive=true]");
            await page.WaitForSelectorAsync($"[data-account='{admin.Email}']");
            await page.ClickAsync("[data-new-account]");
            await page.FillAsync("[data-field=email] input", customerEmail);
            await page.ClickAsync("[data-role-option=Customer]");
            await page.Locator("[data-field=must-change] input").UncheckAsync();
            await page.ClickAsync("[data-dialog-ok]:not([disabled])");
            var customer = new Login(customerEmail, (await page.TextContentAsync("[data-secret]"))!.Trim());
            await page.WaitForSelectorAsync($"[data-account='{customerEmail}']");

            // Status pages, as the signed-in Admin: an unknown URL, the router's not-found page, a bad request, the error page.
            await ExpectStatusPageAsync(page, live, $"/no-such-page-{live.Id}", HttpStatusCode.NotFound, 404, "Not found", "20-unknown-url");
            await ExpectStatusPageAsync(page, live, "/not-found", HttpStatusCode.OK, 404, "Not found", "20-not-found");
            await ExpectStatusPageAsync(page, live, "/status/400", HttpStatusCode.OK, 400, "Bad request", "21-status-400");
            await page.GotoAsync($"{live.BaseUrl}/Error");
            await ExpectHeadingAsync(page, "Error");
            Assert.False(string.IsNullOrWhiteSpace(await page.TextContentAsync("[data-error-reference]")), "the error page shows no reference");
            await ShotAsync(page, "22-error");
            await page.Context.CloseAsync();

            // A recovery code instead of the authenticator: a wrong one is refused, a good one signs in, and only once.
            page = await NewPageAsync(browser, live, viewport);
            await StartRecoveryCodeSignInAsync(page, live, admin);
            await ShotAsync(page, "25-login-recovery-code");
            await page.FillAsync("#recovery", "wrong-code");
            await page.ClickAsync("form button[type=submit]");
            await page.Locator("main").Filter(new() { HasText = "That recovery code is not valid." }).WaitForAsync();
            await ShotAsync(page, "25-login-recovery-code-refused");
            await page.FillAsync("#recovery", recoveryCodes[0]);
            await page.ClickAsync("form button[type=submit]");
            await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
            await page.GotoAsync($"{live.BaseUrl}/");
            await page.WaitForSelectorAsync("main[data-circuit=live] [data-executor-health=ok]");
            await page.Context.CloseAsync();
            page = await NewPageAsync(browser, live, viewport);
            await StartRecoveryCodeSignInAsync(page, live, admin);
            await page.FillAsync("#recovery", recoveryCodes[0]);
            await page.ClickAsync("form button[type=submit]");
            await page.Locator("main").Filter(new() { HasText = "That recovery code is not valid." }).WaitForAsync();
            Assert.Contains("/Account/LoginWithRecoveryCode", page.Url, StringComparison.Ordinal);
            await page.Context.CloseAsync();

            // The Customer opening a staff page gets a real 403; the access-denied page reads the same.
            page = await NewPageAsync(browser, live, viewport);
            await LogInAsync(page, live, customer);
            await ExpectStatusPageAsync(page, live, "/sites", HttpStatusCode.Forbidden, 403, "Access denied", "23-customer-refused-staff-page");
            Assert.Equal(0, await page.Locator("[data-sites-grid]").CountAsync());
            await ExpectStatusPageAsync(page, live, "/accounts", HttpStatusCode.Forbidden, 403, "Access denied", "23-customer-refused-accounts");
            var denied = await page.GotoAsync($"{live.BaseUrl}/Account/AccessDenied");
            Assert.Equal(HttpStatusCode.OK, (HttpStatusCode)denied!.Status);
            await ExpectHeadingAsync(page, "Access denied");
            await ShotAsync(page, "23-access-denied");
            await page.Context.CloseAsync();

            // Five wrong passwords lock the Customer out; then even the right one lands on the lockout page.
            page = await NewPageAsync(browser, live, viewport);
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                await page.GotoAsync($"{live.BaseUrl}/Account/Login");
                await page.FillAsync("#email", customer.Email);
                await page.FillAsync("#password", $"wrong-password-{attempt}");
                await page.ClickAsync("form button[type=submit]");
                if (attempt < 5)
                {
                    await page.Locator("main").Filter(new() { HasText = "Wrong e-mail or password." }).WaitForAsync();
                    Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
                }
            }

            await page.WaitForURLAsync(new Regex("/Account/Lockout$"));

            await ExpectHeadingAsync(page, "Account locked");
            await ShotAsync(page, "24-lockout");
            await page.GotoAsync($"{live.BaseUrl}/Account/Login");
            await page.FillAsync("#email", customer.Email);
            await page.FillAsync("#password", customer.Password);
            await page.ClickAsync("form button[type=submit]");
            await page.WaitForURLAsync(new Regex("/Account/Lockout$"));
            await page.Context.CloseAsync();

            // A customer who opens the set-password page without (or with a made-up) link is told it does not work.
            page = await NewPageAsync(browser, live, viewport);
            await page.GotoAsync($"{live.BaseUrl}/set-password");
            await page.WaitForSelectorAsync("[data-link-invalid]");
            await ExpectHeadingAsync(page, "Choose your SFTP password");
            Assert.Equal(0, await page.Locator("#password").CountAsync());
            await ShotAsync(page, "26-set-password-without-link");
            await page.GotoAsync($"{live.BaseUrl}/set-password/not-a-real-token-{live.Id}");
            await page.WaitForSelectorAsync("[data-link-invalid]");
            await page.Context.CloseAsync();

            AssertNoBrowserErrorsButExpectedStatuses();
        }
        catch
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(ScreenshotDir).FullName, $"remaining-pages-log-{screen}.txt"), live.Log);
            throw;
        }
    }

    /// <summary>Opens <paramref name="path"/>, checks the response's status, the page's heading and the code it names (data-status-code), and screenshots it.</summary>
    private async Task ExpectStatusPageAsync(IPage page, LivePanel live, string path, HttpStatusCode status, int pageCode, string heading, string shot)
    {
        var response = await page.GotoAsync(live.BaseUrl + path);
        Assert.True(response is not null, $"{path}: no response");
        Assert.Equal(status, (HttpStatusCode)response.Status);
        await ExpectHeadingAsync(page, heading);
        Assert.Equal(pageCode.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetAttributeAsync("main h1", "data-status-code"));
        if (status != HttpStatusCode.OK)
        {
            expectedDocumentStatuses.Add(DocumentStatusLine(response.Url, response.Status, response.StatusText));
        }

        await ShotAsync(page, shot);
    }

    private static async Task ExpectHeadingAsync(IPage page, string heading) =>
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(heading);

    /// <summary>
    /// Like <see cref="AssertNoBrowserErrors"/>, except for Chromium's own line about a page's status when that status is
    /// what the test asked for (a 403 or 404 document is logged as a resource that failed to load): only that exact line,
    /// for that URL, is let through; any other message from that page still fails.
    /// </summary>
    private void AssertNoBrowserErrorsButExpectedStatuses()
    {
        var unexpected = browserErrors.Where(e => !expectedDocumentStatuses.Contains(e)).ToList();
        Assert.True(unexpected.Count == 0, "browser console errors and warnings:\n" + string.Join("\n", unexpected));
    }

    private static string DocumentStatusLine(string url, int status, string statusText) =>
        $"{url}: error: Failed to load resource: the server responded with a status of {status} ({statusText}) ({url}:0:0)";

    /// <summary>Signs in with the password, then follows the two-factor page's link to the recovery-code page.</summary>
    private static async Task StartRecoveryCodeSignInAsync(IPage page, LivePanel live, Login login)
    {
        await page.GotoAsync($"{live.BaseUrl}/Account/Login");
        await page.FillAsync("#email", login.Email);
        await page.FillAsync("#password", login.Password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync(new Regex("LoginWith2fa"));
        await page.ClickAsync("a[href^='Account/LoginWithRecoveryCode']");
        await page.WaitForURLAsync(new Regex("/Account/LoginWithRecoveryCode"));
        await ExpectHeadingAsync(page, "Recovery code");
    }
}
