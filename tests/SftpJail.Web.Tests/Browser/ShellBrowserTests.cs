using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SftpJail.Web.Tests.Browser;

/// <summary>
/// The interactive shell in a real Chromium against the real panel and executor: the pages open a Blazor circuit over a
/// WebSocket under the panel's Content-Security-Policy, the dashboard, sites grid and audit grid work on desktop and phone
/// sizes (screenshots in screenshots/shell-*.png), no page logs a console error, and a tab whose user logged out
/// everywhere is sent to the login page within the (here shortened) revalidation interval.
/// </summary>
public sealed partial class PanelBrowserTests
{
    [Fact]
    public async Task The_interactive_pages_run_in_a_circuit_on_desktop_and_phone_and_a_logged_out_tab_closes()
    {
        await using var live = await LivePanel.StartAsync("--Panel:CircuitRevalidationSeconds=2");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var sockets = new System.Collections.Concurrent.ConcurrentQueue<string>();
        try
        {
            var page = await NewPageAsync(browser, live);
            page.WebSocket += (_, socket) => sockets.Enqueue(socket.Url);

            await SetUpFirstAdminAsync(page, live, new Login("admin@panel.test", "granite-Harbor-lantern-93"));

            // The dashboard: prerendered, then live in a circuit over a same-origin WebSocket (the CSP allows no other).
            await page.GotoAsync($"{live.BaseUrl}/");
            await page.WaitForSelectorAsync("[data-executor-health=ok]");
            await WaitForAsync(() => sockets.Any(u => u.Contains("/_blazor", StringComparison.Ordinal)), "no WebSocket to /_blazor was opened");
            await page.WaitForSelectorAsync("[data-apply-chart] svg");
            await ShotAsync(page, "shell-01-dashboard");

            await page.GotoAsync($"{live.BaseUrl}/sites");
            await page.WaitForSelectorAsync("[data-sites-grid]");
            await page.WaitForSelectorAsync("[data-total='0']");
            await ShotAsync(page, "shell-02-sites");

            await page.GotoAsync($"{live.BaseUrl}/audit");
            await page.WaitForSelectorAsync("main[data-circuit=live] [data-audit-target]");
            await page.Locator("input[data-filter=Action]").FillAsync("account");
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-audit-action]')].every(e => e.dataset.auditAction.includes('account'))");
            await page.ClickAsync("[data-verify]");
            await page.WaitForSelectorAsync("[data-chain-intact]");
            await ShotAsync(page, "shell-03-audit");

            // The theme follows the system until toggled.
            await page.ClickAsync("[data-theme-toggle]");
            await page.WaitForSelectorAsync(".mud-theme-dark, html[data-mud-theme=dark], :root");
            await ShotAsync(page, "shell-04-audit-dark");

            // The host pages (issue 11 item 10), live in a circuit: a drift check, then the SSH access panels.
            await page.GotoAsync($"{live.BaseUrl}/host");
            await page.WaitForSelectorAsync("[data-host-page][data-interactive=true] [data-executor-health=ok]");
            await page.ClickAsync("[data-reconcile]");
            await page.WaitForSelectorAsync("[data-drift]");
            await ShotAsync(page, "shell-10-host");
            await page.GotoAsync($"{live.BaseUrl}/host/ssh");
            await page.WaitForSelectorAsync("[data-ssh-access][data-interactive=true] [data-admins-panel]");
            await ShotAsync(page, "shell-11-ssh-access");

            // Phone: the drawer collapses behind the menu button; a static page has its script-free menu.
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync($"{live.BaseUrl}/");
            await page.WaitForSelectorAsync("main[data-circuit=live] [data-executor-health=ok]");
            await ShotAsync(page, "shell-05-dashboard-phone");
            // The drawer starts closed on a phone; a click before the circuit is up does nothing, so retry a few times.
            var drawerLink = page.Locator("[data-drawer] a[href='sites']");
            for (var attempt = 0; attempt < 10 && !await drawerLink.IsVisibleAsync(); attempt++)
            {
                await page.ClickAsync("[data-drawer-toggle]");
                await Task.Delay(1000);
            }

            Assert.True(await drawerLink.IsVisibleAsync(), "the drawer did not open on a phone");
            await ShotAsync(page, "shell-06-drawer-phone");
            await page.GotoAsync($"{live.BaseUrl}/sites");
            await page.WaitForSelectorAsync("[data-total='0']");
            await ShotAsync(page, "shell-07-sites-phone");
            await page.GotoAsync($"{live.BaseUrl}/audit");
            await page.WaitForSelectorAsync("[data-audit-target]");
            await ShotAsync(page, "shell-08-audit-phone");
            await page.GotoAsync($"{live.BaseUrl}/host");
            await page.WaitForSelectorAsync("[data-host-page][data-interactive=true] [data-executor-health=ok]");
            await ShotAsync(page, "shell-12-host-phone");
            await page.GotoAsync($"{live.BaseUrl}/host/ssh");
            await page.WaitForSelectorAsync("[data-ssh-access][data-interactive=true] [data-admins-panel]");
            await ShotAsync(page, "shell-13-ssh-access-phone");
            await page.GotoAsync($"{live.BaseUrl}/Account/Manage");
            await page.ClickAsync("[data-static-menu] > summary");
            await page.WaitForSelectorAsync("[data-static-menu] a[href='audit']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
            await ShotAsync(page, "shell-09-static-menu-phone");
            await page.SetViewportSizeAsync(1280, 900);

            // Logging out everywhere in a second tab: the open sites tab is sent to the login page within the interval.
            await page.GotoAsync($"{live.BaseUrl}/sites");
            await page.WaitForSelectorAsync("main[data-circuit=live] [data-total='0']");
            var other = await page.Context.NewPageAsync();
            await other.GotoAsync($"{live.BaseUrl}/Account/Manage");
            await other.ClickAsync("form[action='Account/LogoutEverywhere'] button");
            await other.WaitForURLAsync(new Regex("/Account/Login"));
            await page.WaitForURLAsync(new Regex("/Account/Login"));

            AssertNoBrowserErrors();
        }
        catch
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(ScreenshotDir).FullName, "shell-panel-log.txt"), live.Log);
            throw;
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string failure)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), failure);
    }
}
