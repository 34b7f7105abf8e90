using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Browser;

/// <summary>
/// What the browser tests share: Chromium, pages that record every console error and warning, signing in, enrolling an
/// authenticator, the fingerprints sshd serves, and screenshots named by page (with "-phone" at phone size).
/// </summary>
public sealed partial class PanelBrowserTests
{
    private static readonly string ScreenshotDir = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>
    /// Every wait, click and navigation of a test page, set once on its context: a circuit can take many seconds to start
    /// on a loaded CI machine (30 s passed there), and a first apply creates accounts and directories before it answers.
    /// </summary>
    private const float LoadedTimeoutMs = 120_000;

    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>Every console error and warning (a CSP refusal is one) and every uncaught script error of this test's pages, by page URL.</summary>
    private readonly ConcurrentQueue<string> browserErrors = new();

    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    private async Task<IPage> NewPageAsync(IBrowser browser, LivePanel live, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? Desktop, BaseURL = live.BaseUrl });
        context.SetDefaultTimeout(LoadedTimeoutMs);
        context.SetDefaultNavigationTimeout(LoadedTimeoutMs);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                browserErrors.Enqueue($"{page.Url}: {message.Type}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => browserErrors.Enqueue($"{page.Url}: page error: {error}");
        return page;
    }

    private void AssertNoBrowserErrors() =>
        Assert.True(browserErrors.IsEmpty, "browser console errors and warnings:\n" + string.Join("\n", browserErrors));

    /// <param name="shots">Whether to screenshot the login page, and the two-factor page when it asks for a code.</param>
    private static async Task LogInAsync(IPage page, LivePanel live, Login login, bool shots = false)
    {
        await page.GotoAsync($"{live.BaseUrl}/Account/Login");
        await page.FillAsync("#email", login.Email);
        await page.FillAsync("#password", login.Password);
        if (shots)
        {
            await ShotAsync(page, "login");
        }

        await page.ClickAsync("form button[type=submit]");
        await page.WaitForLoadStateAsync();
        if (login.TotpKey is not null)
        {
            await page.WaitForURLAsync(new Regex("LoginWith2fa"));
            if (shots)
            {
                await ShotAsync(page, "login-with-2fa");
            }

            await page.FillAsync("#code", Totp.Fresh(login.TotpKey));
            await page.ClickAsync("form button[type=submit]");
            await page.WaitForLoadStateAsync();
        }

        Assert.DoesNotContain("/Account/Login", page.Url, StringComparison.Ordinal);
    }

    /// <summary>Opens the one-time setup link, creates the first Admin and enrols its authenticator; returns the TOTP key.</summary>
    private static async Task<string> SetUpFirstAdminAsync(IPage page, LivePanel live, Login admin)
    {
        await page.GotoAsync(live.SetupLink);
        await page.FillAsync("#email", admin.Email);
        await page.FillAsync("#password", admin.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex("EnableAuthenticator"));
        return await EnrolAsync(page);
    }

    /// <summary>Reads the key shown for the authenticator app, answers with the current code, and returns the key.</summary>
    private static async Task<string> EnrolAsync(IPage page)
    {
        Assert.StartsWith("data:image/png;base64,", await page.GetAttributeAsync("img[data-qr]", "src"), StringComparison.Ordinal);
        var key = (await page.TextContentAsync("[data-shared-key]"))!.Trim();
        await page.FillAsync("#code", Totp.Fresh(key));
        await page.ClickAsync("form:has(#code) button[type=submit]");
        await page.WaitForSelectorAsync("[data-recovery-codes]");
        return key;
    }

    /// <summary>The SHA256 fingerprints the dedicated sshd actually presents, read with ssh-keyscan and ssh-keygen.</summary>
    private static async Task<IReadOnlyList<string>> ServedFingerprintsAsync(int port)
    {
        var scan = await HostCommand.RunAsync("ssh-keyscan", ["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1"]);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, scan.StdOut);
            var fingerprints = await HostCommand.RunAsync("ssh-keygen", ["-lf", file, "-E", "sha256"]);
            return FingerprintPattern().Matches(fingerprints.StdOut).Select(m => m.Value).Distinct().ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Opens each page (the static ones, which have their heading once loaded) and screenshots it under its name.</summary>
    private static async Task ShotPagesAsync(IPage page, LivePanel live, IReadOnlyDictionary<string, string> pages)
    {
        foreach (var (name, path) in pages)
        {
            var response = await page.GotoAsync(live.BaseUrl + path);
            Assert.True(response is { Ok: true }, $"{path}: {response?.Status}");
            await page.WaitForSelectorAsync("main h1");
            await ShotAsync(page, name);
        }
    }

    /// <summary>A full-page screenshot, screenshots/{name}.png; at phone width the name ends in "-phone".</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        var phone = page.ViewportSize is { Width: < 600 } && !name.EndsWith("-phone", StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + (phone ? "-phone" : "") + ".png"), FullPage = true });
    }

    [GeneratedRegex(@"SHA256:[A-Za-z0-9+/]+")]
    private static partial Regex FingerprintPattern();

    private sealed record Login(string Email, string Password, string? TotpKey = null);
}

/// <summary>Browser tests start daemons and create system users: never in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
