using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Browser;

/// <summary>
/// The "must show" walk-through in a real Chromium against the real panel, executor and a dedicated sshd: first-admin
/// setup, a Staff user adds a customer through the form, the plan preview shows the drop-in diff, Apply succeeds, the
/// audit trail shows the entry, the customer sees host/port/username/fingerprint, and that username and password really
/// upload a file with the OpenSSH sftp client. Screenshots land in the test output's screenshots/ folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PanelBrowserTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string ScreenshotDir = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Content-Security-Policy refusals Chromium reported on the console, and script errors, by page URL.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentQueue<string> BrowserErrors = new();

    [Fact]
    public async Task A_customer_added_in_the_browser_uploads_a_file_with_sftp()
    {
        await using var live = await LivePanel.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var domain = $"{live.Prefix}.example.com";
        var admin = new Login("admin@panel.test", "granite-Harbor-lantern-93");
        var staffEmail = "staff@panel.test";
        var customerEmail = "owner@customer.test";
        try
        {
            // 1. First start: the one-time setup link from the log creates the Admin, who must enrol an authenticator.
            var page = await NewPageAsync(browser, live);
            await page.GotoAsync(live.SetupLink);
            await page.FillAsync("#email", admin.Email);
            await page.FillAsync("#password", admin.Password);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(new Regex("EnableAuthenticator"));
            admin = admin with { TotpKey = await EnrolAsync(page) };
            await ShotAsync(page, "01-admin-two-factor");

            // 2. The Admin creates a Staff account in the Accounts grid's dialog; its initial password is shown once
            // (kept here, so the walk-through's staff need not change it at first sign-in).
            await page.GotoAsync($"{live.BaseUrl}/accounts");
            await page.WaitForSelectorAsync("[data-accounts][data-interactive=true]");
            await page.WaitForSelectorAsync($"[data-account='{admin.Email}']");
            await page.ClickAsync("[data-new-account]");
            await page.FillAsync("[data-field=email] input", staffEmail);
            await page.ClickAsync("[data-role-option=Staff]");
            await page.Locator("[data-field=must-change] input").UncheckAsync();
            await ShotAsync(page, "02-accounts-new-dialog");
            await page.ClickAsync("[data-dialog-ok]:not([disabled])");
            var staff = new Login(staffEmail, (await page.TextContentAsync("[data-secret]"))!.Trim());
            await page.WaitForSelectorAsync($"[data-account='{staffEmail}']");
            await ShotAsync(page, "02-accounts");
            await page.Context.CloseAsync();

            // 3. Staff sign in, enrol, and add the customer: preview first, then apply.
            page = await NewPageAsync(browser, live);
            await LogInAsync(page, live, staff);
            await page.WaitForURLAsync(new Regex("EnableAuthenticator"));
            staff = staff with { TotpKey = await EnrolAsync(page) };
            await page.GotoAsync($"{live.BaseUrl}/sites/add");
            await page.WaitForSelectorAsync("[data-add-customer][data-interactive=true]");
            await page.FillAsync("div[data-field=domain] input", domain);
            await page.FillAsync("div[data-field=email] input", customerEmail);
            // The user name is suggested live from the domain, and the preview shows the drop-in's hunks.
            await Assertions.Expect(page.Locator("div[data-field=username] input")).ToHaveValueAsync(live.Prefix);
            await page.ClickAsync("[data-preview]:not([disabled])");
            await page.WaitForSelectorAsync("[data-plan]");
            // The executor wrote the constant-size drop-in when it started (zero customers is a valid config), so the
            // first customer's plan is its group, account and directories; the diff rendering is PreviewPanel's bUnit test.
            var steps = string.Join("\n", await page.Locator("[data-plan] li").AllTextContentsAsync());
            Assert.Contains("CreateUser", steps, StringComparison.Ordinal);
            Assert.Contains(live.Prefix, steps, StringComparison.Ordinal);
            Assert.DoesNotContain("50-sftpjail.conf", steps, StringComparison.Ordinal);
            Assert.All(await page.Locator("[data-diff]").AllTextContentsAsync(), diff => Assert.Contains("@@ ", diff, StringComparison.Ordinal));
            await ShotAsync(page, "03-plan-preview");
            await page.SetViewportSizeAsync(390, 844);
            await ShotAsync(page, "03b-plan-preview-phone");
            await page.SetViewportSizeAsync(1280, 900);

            // Apply: the executor's steps appear as it reports them, then the hand-over card. Since account creation is
            // batched the first apply can finish between two of Playwright's polls, so the running state is not polled
            // for: a DOM observer sees every render batch the circuit applies, and records the most steps the panel
            // showed while it still said it was running.
            await page.EvaluateAsync("""
                () => {
                    window.sjRunningSteps = 0;
                    new MutationObserver(() => {
                        const n = document.querySelectorAll('[data-progress][data-running=true] [data-progress-steps] li').length;
                        window.sjRunningSteps = Math.max(window.sjRunningSteps, n);
                    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
                }
                """);
            await page.ClickAsync("[data-apply]");
            await page.WaitForSelectorAsync("[data-progress] [data-progress-steps] li");
            await ShotAsync(page, "04a-apply-progress");
            await page.WaitForSelectorAsync("[data-outcome=applied]");
            var runningSteps = await page.EvaluateAsync<int>("() => window.sjRunningSteps");
            output.WriteLine($"apply progress: {runningSteps} step(s) shown while running");
            Assert.True(runningSteps >= 1, "the apply's steps were never shown while it ran: only its outcome reached the page");
            Assert.Matches(@"/sites/add\?apply=[0-9a-f]{32}$", page.Url);
            Assert.True(await page.Locator("[data-step-done=true]").CountAsync() >= 3);
            var sftpPassword = (await page.TextContentAsync("[data-handover-row=password] [data-value]"))!.Trim();
            var customer = new Login(customerEmail, (await page.TextContentAsync("[data-secret=customer]"))!.Trim());
            Assert.Equal($"sftp -P {live.SshPort} {live.Prefix}@127.0.0.1", (await page.TextContentAsync("[data-handover-row=command] [data-value]"))!.Trim());
            var handedOver = string.Join("\n", await page.Locator("[data-handover-row=fingerprint] [data-value]").AllTextContentsAsync());
            var servedKeys = await ServedFingerprintsAsync(live.SshPort);
            Assert.NotEmpty(servedKeys);
            Assert.All(servedKeys, f => Assert.Contains(f, handedOver, StringComparison.Ordinal));
            await ShotAsync(page, "04b-handover");
            await page.SetViewportSizeAsync(390, 844);
            await ShotAsync(page, "04c-handover-phone");
            await page.SetViewportSizeAsync(1280, 900);

            // A reload re-attaches to the finished apply; the password was shown once and is not shown again.
            await page.ReloadAsync();
            await page.WaitForSelectorAsync("[data-add-customer][data-interactive=true] [data-outcome=applied]");
            Assert.Equal(0, await page.Locator("[data-handover-row=password]").CountAsync());
            Assert.DoesNotContain(sftpPassword, await page.ContentAsync(), StringComparison.Ordinal);

            await page.ClickAsync("[data-site-link]");
            await page.WaitForURLAsync(new Regex(@"/sites/\d+$"));
            Assert.Equal("Applied", (await page.TextContentAsync("[data-status]"))!.Trim());
            await ShotAsync(page, "04-site-applied");

            // The site page resets the password through its dialog; the new one is shown once, and it is the one
            // the customer's sftp upload below logs in with.
            await page.WaitForSelectorAsync("[data-site-page][data-interactive=true]");
            await page.ClickAsync($"[data-user-actions='{live.Prefix}'] [data-action=password]");
            await page.WaitForSelectorAsync("[data-field=password] input");
            await ShotAsync(page, "04d-site-password-dialog");
            await page.ClickAsync("[data-confirm-ok]:not([disabled])");
            var reset = (await page.Locator("[data-secret=sftp]").TextContentAsync())!.Trim();
            Assert.NotEqual(sftpPassword, reset);
            Assert.Contains($"The SFTP password of {live.Prefix} was changed.", await page.Locator(".mud-snackbar").First.TextContentAsync(), StringComparison.Ordinal);
            await ShotAsync(page, "04e-site-password-shown-once");
            await page.ClickAsync("[data-secret-close]");
            await page.WaitForSelectorAsync("[data-secret=sftp]", new() { State = WaitForSelectorState.Detached });
            Assert.DoesNotContain(reset, await page.ContentAsync(), StringComparison.Ordinal);
            sftpPassword = reset;

            // Its add-user dialog checks the name as it is typed (the site's own user is taken); cancelled, nothing added.
            await page.ClickAsync("[data-add-user]");
            await page.FillAsync("[data-add-user-dialog] [data-field=new-user] input", live.Prefix);
            await page.Locator("[data-add-user-dialog]").Filter(new() { HasText = $"{live.Prefix} is already an SFTP user" }).WaitForAsync();
            Assert.True(await page.Locator("[data-add-user-ok]").IsDisabledAsync());
            await ShotAsync(page, "04h-site-add-user-dialog");
            await page.ClickAsync(".mud-dialog-actions:has([data-add-user-ok]) [data-confirm-cancel]");
            await page.WaitForSelectorAsync("[data-add-user-dialog]", new() { State = WaitForSelectorState.Detached });
            await ShotAsync(page, "04f-site-page");
            await page.SetViewportSizeAsync(390, 844);
            await ShotAsync(page, "04g-site-page-phone");
            await page.SetViewportSizeAsync(1280, 900);
            await page.Context.CloseAsync();

            // 4. The Admin sees the change in the audit trail and the host's state on the Host page.
            page = await NewPageAsync(browser, live);
            await LogInAsync(page, live, admin);
            await page.GotoAsync($"{live.BaseUrl}/audit");
            var row = page.Locator($"tr:has([data-audit-target^='{domain}'])").First;
            Assert.Contains($"panel:{staffEmail}", await row.TextContentAsync(), StringComparison.Ordinal);
            Assert.Contains("applied", await row.TextContentAsync(), StringComparison.Ordinal);
            await ShotAsync(page, "05-audit-trail");
            await page.GotoAsync($"{live.BaseUrl}/host");
            Assert.Equal("ok", await page.GetAttributeAsync("[data-executor-health]", "data-executor-health"));
            Assert.Equal(live.SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture), (await page.TextContentAsync("[data-sshd-port]"))!.Trim());
            await ShotAsync(page, "06-host");
            await page.Context.CloseAsync();

            // 5. The customer signs in and reads what they need to connect.
            page = await NewPageAsync(browser, live);
            await LogInAsync(page, live, customer);
            await page.GotoAsync($"{live.BaseUrl}/connect");
            await page.ClickAsync($"[data-site='{domain}']");
            Assert.Equal("127.0.0.1", (await page.TextContentAsync("[data-host]"))!.Trim());
            Assert.Equal(live.SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture), (await page.TextContentAsync("[data-port]"))!.Trim());
            Assert.Equal(live.Prefix, (await page.TextContentAsync("[data-username]"))!.Trim());
            Assert.Equal($"sftp -P {live.SshPort} {live.Prefix}@127.0.0.1", (await page.TextContentAsync("[data-command]"))!.Trim());
            var shown = (await page.Locator("[data-fingerprint]").AllTextContentsAsync()).Select(f => f.Trim()).ToList();
            var served = await ServedFingerprintsAsync(live.SshPort);
            Assert.NotEmpty(served);
            Assert.All(served, f => Assert.Contains(f, shown));
            await ShotAsync(page, "07-connection-page");
            await page.SetViewportSizeAsync(390, 844);
            await ShotAsync(page, "08-connection-page-phone");

            // 6. The username and password from the panel really work with OpenSSH's sftp: the file lands in html/.
            var local = Path.Combine(live.BaseDir, "upload-index.html");
            var content = $"<h1>{live.Prefix} uploaded at {DateTime.UtcNow:O}</h1>\n";
            await File.WriteAllTextAsync(local, content);
            var batch = Path.Combine(live.BaseDir, "sftp-batch");
            await File.WriteAllLinesAsync(batch, [$"put {local} /html/index.html", "ls -l /html"]);
            var sftp = await HostCommand.RunAsync(
                "sshpass",
                ["-e", "sftp", "-oBatchMode=no", "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oPubkeyAuthentication=no", "-P", live.SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-b", batch, $"{live.Prefix}@127.0.0.1"],
                new Dictionary<string, string> { ["SSHPASS"] = sftpPassword });
            Assert.True(sftp.ExitCode == 0, sftp.ToString());
            var uploaded = Path.Combine(live.JailRoot, string.Join('.', domain.Split('.').Reverse()), "html", "index.html");
            Assert.Equal(content, await File.ReadAllTextAsync(uploaded));

            // The pages worked under the panel's Content-Security-Policy: nothing was refused.
            Assert.True(BrowserErrors.IsEmpty, "browser errors:\n" + string.Join("\n", BrowserErrors));
        }
        catch
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(ScreenshotDir).FullName, "panel-log.txt"), live.Log);
            throw;
        }
    }

    /// <summary>
    /// Every wait, click and navigation of a test page, set once on its context: a circuit can take many seconds to start
    /// on a loaded CI machine (30 s passed there), and a first apply creates accounts and directories before it answers.
    /// </summary>
    private const float LoadedTimeoutMs = 120_000;

    private static async Task<IPage> NewPageAsync(IBrowser browser, LivePanel live)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BaseURL = live.BaseUrl });
        context.SetDefaultTimeout(LoadedTimeoutMs);
        context.SetDefaultNavigationTimeout(LoadedTimeoutMs);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("Refused to", StringComparison.Ordinal))
            {
                BrowserErrors.Enqueue($"{page.Url}: {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => BrowserErrors.Enqueue($"{page.Url}: page error: {error}");
        return page;
    }

    private static async Task LogInAsync(IPage page, LivePanel live, Login login)
    {
        await page.GotoAsync($"{live.BaseUrl}/Account/Login");
        await page.FillAsync("#email", login.Email);
        await page.FillAsync("#password", login.Password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForLoadStateAsync();
        if (login.TotpKey is not null)
        {
            await page.WaitForURLAsync(new Regex("LoginWith2fa"));
            await page.FillAsync("#code", Totp.Fresh(login.TotpKey));
            await page.ClickAsync("form button[type=submit]");
            await page.WaitForLoadStateAsync();
        }

        Assert.DoesNotContain("/Account/Login", page.Url, StringComparison.Ordinal);
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

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
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
