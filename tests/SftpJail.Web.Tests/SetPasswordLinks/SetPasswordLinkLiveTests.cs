using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SftpJail.Host.Tests.Support;
using SftpJail.Web.Tests.Browser;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.SetPasswordLinks;

/// <summary>
/// The set-password link against the real thing: the panel process as deployed (Production, default log levels), its
/// spawned root executor and dedicated sshd, real useradd and chpasswd, and the OpenSSH sftp client logging in with the
/// password the customer chose on the link's page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SetPasswordLinkLiveTests
{
    private const string StaffPassword = "staff-Only-knows-4417";
    private const string Chosen = "violet-Canyon-anchor-58";

    [Fact]
    public async Task A_customer_chooses_a_password_through_the_link_and_sftp_logs_in_with_it_and_no_log_has_the_token()
    {
        await using var live = await LivePanel.StartAsync();
        try
        {
            using var api = await StaffApiAsync(live);
            var user = live.Prefix + "l";
            var domain = $"{live.Prefix}.example.com";
            var added = await api.PostAsJsonAsync("/api/v1/sites", new { domain, userName = user, password = StaffPassword });
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());

            var made = await api.PostAsync($"/api/v1/users/{user}/password-link", null);
            Assert.True(made.StatusCode == HttpStatusCode.Created, await made.Content.ReadAsStringAsync());
            var link = new Uri(JsonDocument.Parse(await made.Content.ReadAsStringAsync()).RootElement.GetProperty("link").GetString()!);
            var token = link.Segments[^1];
            Assert.Equal($"{live.BaseUrl}/set-password/{token}", link.AbsoluteUri);

            using var customer = new PanelClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri(live.BaseUrl),
            });
            var page = await customer.GetPageAsync(link.AbsolutePath);
            Assert.Equal(user, page.Document.QuerySelector("[data-username]")?.TextContent.Trim());
            var done = await customer.SubmitAsync(page, "set-password", new Dictionary<string, string> { ["Input.Password"] = Chosen, ["Input.Confirmation"] = Chosen });
            Assert.True(done.Document.QuerySelector("[data-password-set]") is not null, done.Text());
            Assert.Equal($"sftp -P {live.SshPort} {user}@127.0.0.1", done.Document.QuerySelector("[data-command]")?.TextContent.Trim());

            var sftp = new OpenSshClient(live.SshPort);
            var login = await sftp.SftpWithPasswordAsync(user, Chosen, "pwd", "ls /");
            Assert.True(login.ExitCode == 0, $"sftp as {user} with the chosen password: {login.All}");
            Assert.Contains("html", login.All, StringComparison.Ordinal);
            Assert.NotEqual(0, (await sftp.SftpWithPasswordAsync(user, StaffPassword, "pwd")).ExitCode);

            var reused = await customer.SubmitAsync(page, "set-password", new Dictionary<string, string> { ["Input.Password"] = "second-Harbor-violin-93", ["Input.Confirmation"] = "second-Harbor-violin-93" });
            Assert.NotNull(reused.Document.QuerySelector("[data-link-invalid]"));
            Assert.Equal(0, (await sftp.SftpWithPasswordAsync(user, Chosen, "pwd")).ExitCode);

            Assert.DoesNotContain(token, live.Log, StringComparison.Ordinal);
            Assert.DoesNotContain(Chosen, live.Log, StringComparison.Ordinal);
        }
        catch
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, "set-password-live-log.txt"), live.Log);
            throw;
        }
    }

    /// <summary>The first admin (setup link, enrolment: Production requires it), then a Staff API token for it.</summary>
    private static async Task<HttpClient> StaffApiAsync(LivePanel live)
    {
        using var browser = new PanelClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(live.BaseUrl),
        });
        var created = await browser.SubmitAsync(PanelClient.LocalPath(new Uri(live.SetupLink)), "first-admin", new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@link.test",
            ["Input.Password"] = "quartz-Lagoon-ember-4711",
        });
        Assert.True(created.IsRedirect, $"first-admin setup: {string.Join(" ", created.ValidationMessages())}");
        var enrol = await browser.GetPageAsync("/Account/Manage/EnableAuthenticator?required=true");
        var secret = enrol.Document.QuerySelector("[data-shared-key]")?.TextContent.Trim() ?? throw new InvalidOperationException(enrol.Text());
        var verified = await browser.SubmitAsync(enrol, "enable-2fa", new Dictionary<string, string> { ["Input.Code"] = Totp.Fresh(secret) });
        Assert.True(verified.Document.QuerySelectorAll("[data-recovery-codes] li").Length > 0, $"two-factor enrolment: {verified.Text()}");
        var token = await SftpJail.Web.Tests.Api.LiveTokens.CreateAsync(live, "admin@link.test", "link test", SftpJail.Data.ApiTokens.ApiTokenScope.Staff);
        var api = new HttpClient { BaseAddress = new Uri(live.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api;
    }
}
