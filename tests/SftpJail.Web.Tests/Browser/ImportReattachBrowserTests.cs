using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SftpJail.Web.Tests.Browser;

/// <summary>
/// A bulk import in the real browser over the real executor: the tab is reloaded while the apply runs, the reloaded page
/// re-attaches from <c>?apply=</c>, follows the apply to its end and shows the generated passwords once, and each one
/// logs in with OpenSSH's sftp. A second reload shows the outcome but no password (screenshots/30-*.png).
/// </summary>
public sealed partial class PanelBrowserTests
{
    [Fact]
    public async Task An_import_reloaded_mid_apply_re_attaches_and_its_generated_passwords_log_in_once()
    {
        await using var live = await LivePanel.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var users = new[] { live.Prefix + "i1", live.Prefix + "i2" };
        var csv = "domain,user,password,key,read_only,customer_email\n"
            + string.Concat(users.Select(u => $"{u}.example.com,{u},,,,\n"));
        try
        {
            var page = await NewPageAsync(browser, live);
            await SetUpFirstAdminAsync(page, live, new Login("admin@panel.test", "granite-Harbor-lantern-93"));

            await page.GotoAsync($"{live.BaseUrl}/sites/import");
            await page.WaitForSelectorAsync("[data-import-page][data-interactive=true]");
            await page.FillAsync("div[data-field=paste] textarea", csv);
            await page.Locator("div[data-field=paste] textarea").BlurAsync(); // the rows reach the circuit on blur
            await page.ClickAsync("[data-preview]:not([disabled])");
            await page.WaitForSelectorAsync("[data-import-plan]");
            await ShotAsync(page, "30-import-preview");
            await page.ClickAsync("[data-apply]:not([disabled])");

            // The address names the apply as soon as it starts; the reload lands while the host is still being changed.
            await page.WaitForURLAsync(new Regex(@"sites/import\?apply="));
            var applyUrl = page.Url;
            await page.ReloadAsync();
            Assert.Equal(applyUrl, page.Url);
            await page.WaitForSelectorAsync("[data-import-page][data-interactive=true] [data-outcome]", new() { Timeout = 120_000 });
            Assert.Equal("applied", await page.GetAttributeAsync("[data-outcome]", "data-outcome"));
            await page.WaitForSelectorAsync("[data-secrets-card]");
            await ShotAsync(page, "30-import-reattached");
            var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var shown in await page.Locator("[data-generated-password]").AllAsync())
            {
                passwords[(await shown.GetAttributeAsync("data-generated-password"))!] = (await shown.TextContentAsync())!.Trim();
            }

            Assert.Equal(users, passwords.Keys.Order(StringComparer.Ordinal));
            var batch = Path.Combine(live.BaseDir, "sftp-import-batch");
            await File.WriteAllLinesAsync(batch, ["ls /html"]);
            foreach (var (user, password) in passwords)
            {
                var sftp = await HostCommand.RunAsync(
                    "sshpass",
                    ["-e", "sftp", "-oBatchMode=no", "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oPubkeyAuthentication=no",
                        "-P", live.SshPort.ToString(CultureInfo.InvariantCulture), "-b", batch, $"{user}@127.0.0.1"],
                    new Dictionary<string, string> { ["SSHPASS"] = password });
                Assert.True(sftp.ExitCode == 0, $"{user}: {sftp}");
            }

            // Once: another reload shows how the import ended, and none of the passwords.
            await page.ReloadAsync();
            await page.WaitForSelectorAsync("[data-import-page][data-interactive=true] [data-outcome=applied]");
            Assert.Equal(0, await page.Locator("[data-secrets-card]").CountAsync());
            var html = await page.ContentAsync();
            Assert.All(passwords.Values, p => Assert.DoesNotContain(p, html, StringComparison.Ordinal));
            await ShotAsync(page, "30-import-reloaded-again");
            AssertNoBrowserErrors();
        }
        catch
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(ScreenshotDir).FullName, "panel-log-import-reattach.txt"), live.Log);
            throw;
        }
    }
}
