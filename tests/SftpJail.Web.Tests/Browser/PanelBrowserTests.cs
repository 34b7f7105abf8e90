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
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task A_customer_added_in_the_browser_uploads_a_file_with_sftp(string screen)
    {
        var viewport = screen == "phone" ? Phone : Desktop;
        await using var live = await LivePanel.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var domain = $"{live.Prefix}.example.com";
        var admin = new Login("admin@panel.test", "granite-Harbor-lantern-93");
        var staffEmail = "staff@panel.test";
        var customerEmail = "owner@customer.test";
        try
        {
            // 1. First start: the one-time setup link from the log creates the Admin, who must enrol an authenticator.
            var page = await NewPageAsync(browser, live, viewport);
            await page.GotoAsync(live.SetupLink);
            await page.FillAsync("#email", admin.Email);
            await page.FillAsync("#password", admin.Password);
            await ShotAsync(page, "00-setup");
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(new Regex("EnableAuthenticator"));
            await ShotAsync(page, "01a-enable-authenticator");
            admin = admin with { TotpKey = await EnrolAsync(page) };
            await ShotAsync(page, "01-admin-two-factor");

            // 2. The Admin creates a Staff account in the Accounts grid's dialog; its initial password is shown once,
            // and the staff must change it at first sign-in.
            await page.GotoAsync($"{live.BaseUrl}/accounts");
            await page.WaitForSelectorAsync("[data-accounts][data-interactive=true]");
            await page.WaitForSelectorAsync($"[data-account='{admin.Email}']");
            await page.ClickAsync("[data-new-account]");
            await page.FillAsync("[data-field=email] input", staffEmail);
            await page.ClickAsync("[data-role-option=Staff]");
            Assert.True(await page.Locator("[data-field=must-change] input").IsCheckedAsync());
            await ShotAsync(page, "02-accounts-new-dialog");
            await page.ClickAsync("[data-dialog-ok]:not([disabled])");
            var staff = new Login(staffEmail, (await page.TextContentAsync("[data-secret]"))!.Trim());
            await page.WaitForSelectorAsync($"[data-account='{staffEmail}']");
            await ShotAsync(page, "02-accounts");
            await page.Context.CloseAsync();

            // 3. Staff sign in, enrol, choose their own password, and add the customer: preview first, then apply.
            page = await NewPageAsync(browser, live, viewport);
            await LogInAsync(page, live, staff, shots: true);
            await page.WaitForURLAsync(new Regex("EnableAuthenticator"));
            staff = staff with { TotpKey = await EnrolAsync(page) };
            await page.GotoAsync($"{live.BaseUrl}/sites/add");
            await page.WaitForURLAsync(new Regex("/Account/ChangePassword$"));
            await page.FillAsync("#current", staff.Password);
            await page.FillAsync("#new", "quartz-Willow-ember-47");
            await ShotAsync(page, "03a-change-password");
            await page.ClickAsync("form:has(#new) button[type=submit]");
            await page.WaitForURLAsync(url => !url.Contains("/Account/ChangePassword", StringComparison.Ordinal));
            await page.GotoAsync($"{live.BaseUrl}/sites/add");
            await page.WaitForSelectorAsync("[data-add-customer][data-interactive=true]");
            await page.FillAsync("div[data-field=domain] input", domain);
            await page.FillAsync("div[data-field=email] input", customerEmail);
            // The user name is suggested live from the domain (the field's placeholder; left empty, it is used).
            await Assertions.Expect(page.Locator("div[data-field=username] input")).ToHaveAttributeAsync("placeholder", live.Prefix);
            await Assertions.Expect(page.Locator("div[data-field=username] input")).ToHaveValueAsync("");
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

            // The hand-over card's one-time set-password link opens the customer's own page, signed out.
            await page.ClickAsync("[data-create-password-link]");
            var passwordLink = (await page.TextContentAsync("[data-password-link]"))!.Trim();
            var customerPage = await NewPageAsync(browser, live, viewport);
            await customerPage.GotoAsync(passwordLink);
            Assert.Equal(live.Prefix, (await customerPage.TextContentAsync("[data-username]"))!.Trim());
            await ShotAsync(customerPage, "09-set-password");
            await customerPage.Context.CloseAsync();

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
            var siteId = Regex.Match(page.Url, @"/sites/(\d+)$").Groups[1].Value;

            // The other staff pages: the site's activity, the bulk import and the account page.
            await page.GotoAsync($"{live.BaseUrl}/sites/{siteId}/activity");
            await page.WaitForSelectorAsync("[data-site-activity][data-interactive=true] [data-last-logins]");
            await ShotAsync(page, "04i-site-activity");
            await page.GotoAsync($"{live.BaseUrl}/sites/import");
            await page.WaitForSelectorAsync("[data-export=csv]");
            await ShotAsync(page, "10-sites-import");
            await page.GotoAsync($"{live.BaseUrl}/Account/Manage");
            await page.WaitForSelectorAsync("form[action='Account/LogoutEverywhere']");
            await ShotAsync(page, "11-account-manage");
            await ShotPagesAsync(page, live, new Dictionary<string, string>
            {
                ["16-new-recovery-codes"] = "/Account/Manage/GenerateRecoveryCodes",
                ["16-disable-2fa"] = "/Account/Manage/Disable2fa",
            });
            await page.Context.CloseAsync();

            // 4. The Admin sees the change in the audit trail and the host's state on the Host page.
            page = await NewPageAsync(browser, live, viewport);
            await LogInAsync(page, live, admin, shots: true);
            await page.GotoAsync($"{live.BaseUrl}/audit");
            var row = page.Locator($"tr:has([data-audit-target^='{domain}'])").First;
            Assert.Contains($"panel:{staffEmail}", await row.TextContentAsync(), StringComparison.Ordinal);
            Assert.Contains("applied", await row.TextContentAsync(), StringComparison.Ordinal);
            await ShotAsync(page, "05-audit-trail");
            await page.GotoAsync($"{live.BaseUrl}/host");
            // The prerendered status is replaced by a progress bar while the circuit loads it again.
            await page.WaitForSelectorAsync("[data-host-page][data-interactive=true] [data-executor-health=ok]");
            Assert.Equal("ok", await page.GetAttributeAsync("[data-executor-health]", "data-executor-health"));
            Assert.Equal(live.SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture), (await page.TextContentAsync("[data-sshd-port]"))!.Trim());
            await ShotAsync(page, "06-host");
            await page.GotoAsync($"{live.BaseUrl}/accounts/tokens");
            await page.WaitForSelectorAsync("[data-api-tokens][data-interactive=true] [data-new-token]");
            await ShotAsync(page, "13-api-tokens");
            await page.Context.CloseAsync();

            // 5. The customer signs in and reads what they need to connect.
            page = await NewPageAsync(browser, live, viewport);
            await LogInAsync(page, live, customer);
            await page.GotoAsync($"{live.BaseUrl}/connect");
            await page.WaitForSelectorAsync($"[data-site='{domain}']");
            await ShotAsync(page, "07a-connect-list");
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

            // No page logged a console error or warning, and nothing was refused by the panel's Content-Security-Policy.
            AssertNoBrowserErrors();
        }
        catch
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(ScreenshotDir).FullName, $"panel-log-{screen}.txt"), live.Log);
            throw;
        }
    }
}
