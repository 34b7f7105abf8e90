using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SftpJail.Web.Tests.Browser;

/// <summary>
/// The demo admin's signed-in session in Chromium, for the steps that are interactive pages: adding a customer,
/// adding a user on the site page, and the Host page's apply. The session is the one the HTTP setup made (its cookies).
/// </summary>
internal sealed partial class ReadmeDemoBrowser : IAsyncDisposable
{
    private const float TimeoutMs = 60_000;
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly IPage page;

    private ReadmeDemoBrowser(IPlaywright playwright, IBrowser browser, IPage page) => (this.playwright, this.browser, this.page) = (playwright, browser, page);

    public static async Task<ReadmeDemoBrowser> OpenAsync(LivePanel demo, CookieContainer session)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = demo.BaseUrl });
        context.SetDefaultTimeout(TimeoutMs);
        context.SetDefaultNavigationTimeout(TimeoutMs);
        await context.AddCookiesAsync(session.GetAllCookies().Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name,
            Value = c.Value,
            Domain = "127.0.0.1",
            Path = string.IsNullOrEmpty(c.Path) ? "/" : c.Path,
            HttpOnly = c.HttpOnly,
            Secure = c.Secure,
        }));
        return new ReadmeDemoBrowser(playwright, browser, await context.NewPageAsync());
    }

    /// <summary>Previews the customer on the add-customer page, applies exactly that preview, and returns the new site's id.</summary>
    /// <param name="password">A password to set, or null for a keys-only user with <paramref name="keys"/>.</param>
    public async Task<int> AddCustomerAsync(string domain, string userName, string? password, string? keys = null, string? customerEmail = null)
    {
        await page.GotoAsync("sites/add");
        await page.WaitForSelectorAsync("[data-add-customer][data-interactive=true]");
        await page.FillAsync("div[data-field=domain] input", domain);
        await page.FillAsync("div[data-field=username] input", userName);
        // The name typed must be the one previewed, even if the domain's suggestion arrives after it (CI of 4ccaecc).
        await Assertions.Expect(page.Locator("div[data-field=username]")).ToContainTextAsync("Available.");
        await Assertions.Expect(page.Locator("div[data-field=username] input")).ToHaveValueAsync(userName);
        if (password is not null)
        {
            await page.ClickAsync("[data-mode=set]");
            await page.FillAsync("div[data-field=password] input", password);
        }
        else
        {
            await page.ClickAsync("[data-mode=none]");
            await page.FillAsync("div[data-field=keys] textarea", keys ?? "");
        }

        if (customerEmail is not null)
        {
            await page.FillAsync("div[data-field=email] input", customerEmail);
        }

        await page.ClickAsync("[data-preview]:not([disabled])");
        await page.ClickAsync("[data-apply]:not([disabled])");
        await AssertAppliedAsync($"adding {domain}");
        await page.ClickAsync("[data-site-link]");
        await page.WaitForURLAsync(SitePath());
        return int.Parse(SitePath().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Adds a user with a generated password (shown once, then closed) and <paramref name="publicKey"/> on the site page.</summary>
    public async Task AddUserAsync(int siteId, string userName, string publicKey)
    {
        await page.GotoAsync($"sites/{siteId}");
        await page.WaitForSelectorAsync("[data-site-page][data-interactive=true]");
        await page.ClickAsync("[data-add-user]");
        await page.FillAsync("[data-add-user-dialog] [data-field=new-user] input", userName);
        await page.FillAsync("[data-add-user-dialog] [data-field=keys] textarea", publicKey);
        await page.WaitForSelectorAsync("[data-add-user-dialog] [data-key-ok]");
        await page.ClickAsync("[data-add-user-ok]:not([disabled])");
        await page.ClickAsync("[data-secret-close]");
        await page.WaitForSelectorAsync($"[data-user='{userName}']");
    }

    /// <summary>The Host page's apply of the whole database state, after its confirmation dialog.</summary>
    public async Task ApplyAsync()
    {
        await page.GotoAsync("host");
        await page.WaitForSelectorAsync("[data-host-page][data-interactive=true] [data-executor-health=ok]");
        await page.ClickAsync("[data-repair]:not([disabled])");
        await page.ClickAsync("[data-confirm-ok]:not([disabled])");
        await AssertAppliedAsync("the host apply");
    }

    private async Task AssertAppliedAsync(string what)
    {
        var outcome = await page.WaitForSelectorAsync("[data-outcome]");
        var result = await outcome!.GetAttributeAsync("data-outcome");
        Assert.True(result == "applied", $"{what} was not applied: {await outcome.TextContentAsync()}");
    }

    [GeneratedRegex(@"/sites/(\d+)$")]
    private static partial Regex SitePath();

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
