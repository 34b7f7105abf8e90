using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Playwright;
using SftpJail.Host.Tests.Support;
using SftpJail.Web.Tests.Browser;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Api;

/// <summary>
/// The API against the real thing: the panel process as deployed (Production, two-factor enrolment required), its
/// spawned root executor and dedicated sshd, real useradd, and the OpenSSH sftp client logging in with the key the API set.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiLiveTests
{
    [Fact]
    public async Task A_customer_added_through_the_api_logs_in_with_sftp_and_a_disable_through_the_api_shuts_it_out()
    {
        await using var live = await LivePanel.StartAsync();
        try
        {
            using var admin = await SetUpFirstAdminAsync(live);
            var token = await LiveTokens.CreateAsync(live, "admin@api.test", "live test", SftpJail.Data.ApiTokens.ApiTokenScope.Admin);
            using var api = new HttpClient { BaseAddress = new Uri(live.BaseUrl) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var user = live.Prefix + "a";
            var domain = $"{live.Prefix}.example.com";
            var key = Path.Combine(Directory.CreateDirectory(Path.Combine(live.BaseDir, "client-keys")).FullName, user);
            var made = await SftpJail.Host.Tests.Support.HostCommand.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", user, "-f", key]);
            Assert.True(made.ExitCode == 0, made.ToString());

            var added = await api.PostAsJsonAsync("/api/v1/sites", new { domain, userName = user, keys = new[] { (await File.ReadAllTextAsync(key + ".pub")).Trim() }, keyOnly = true });
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());

            var sftp = new OpenSshClient(live.SshPort);
            var login = await sftp.SftpWithKeyAsync(user, key, "pwd", "ls /");
            Assert.True(login.ExitCode == 0, $"sftp as {user}: {login.All}");
            Assert.Contains("html", login.All, StringComparison.Ordinal);

            var disabled = await api.PostAsync($"/api/v1/users/{user}/disable", null);
            Assert.True(disabled.StatusCode == HttpStatusCode.OK, await disabled.Content.ReadAsStringAsync());
            Assert.NotEqual(0, (await sftp.SftpWithKeyAsync(user, key, "pwd")).ExitCode);

            var removed = await api.DeleteAsync($"/api/v1/sites/{domain}");
            Assert.True(removed.StatusCode == HttpStatusCode.OK, await removed.Content.ReadAsStringAsync());
            Assert.DoesNotContain(token, live.Log, StringComparison.Ordinal);

            await AssertReferencePageRendersAsync(live);
        }
        catch
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, "api-live-log.txt"), live.Log);
            throw;
        }
    }

    /// <summary>Chromium renders the reference page from the panel's own script, under its CSP, without a refusal or a script error.</summary>
    private static async Task AssertReferencePageRendersAsync(LivePanel live)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        var problems = new List<string>();
        var foreign = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(live.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                foreign.Add(request.Url);
            }
        };
        await page.GotoAsync($"{live.BaseUrl}/api/reference/");
        await page.GetByText("/api/v1/sites").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        Assert.Empty(problems);
        Assert.Empty(foreign);
    }

    /// <summary>The one-time setup link makes the Admin, who must enrol an authenticator before anything else (Production).</summary>
    private static async Task<PanelClient> SetUpFirstAdminAsync(LivePanel live)
    {
        var browser = new PanelClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(live.BaseUrl),
        });
        var created = await browser.SubmitAsync(PanelClient.LocalPath(new Uri(live.SetupLink)), "first-admin", new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@api.test",
            ["Input.Password"] = "quartz-Lagoon-ember-4711",
        });
        Assert.True(created.IsRedirect, $"first-admin setup: {string.Join(" ", created.ValidationMessages())}");
        var enrol = await browser.GetPageAsync("/Account/Manage/EnableAuthenticator?required=true");
        var secret = enrol.Document.QuerySelector("[data-shared-key]")?.TextContent.Trim() ?? throw new InvalidOperationException(enrol.Text());
        var verified = await browser.SubmitAsync(enrol, "enable-2fa", new Dictionary<string, string> { ["Input.Code"] = Totp.Fresh(secret) });
        Assert.True(verified.Document.QuerySelectorAll("[data-recovery-codes] li").Length > 0, $"two-factor enrolment: {verified.Text()}");
        return browser;
    }
}
