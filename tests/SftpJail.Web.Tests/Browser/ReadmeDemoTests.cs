using System.Globalization;
using System.Net;
using SftpJail.Host.Tests.Support;
using SshOutput = SftpJail.Host.Tests.Support.HostCommand.Output;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Browser;

/// <summary>
/// "The default path is the product": the README's demo exactly as a new admin meets it, as root, from a demo root that
/// does not exist yet. Only ports and the stand-in for /var/lib differ from <c>dotnet run --project src/SftpJail.Web</c>
/// (plus the README's <c>--WebServer:Kind=Nginx</c>). Setup over HTTP, the customers and applies through the interactive pages in
/// Chromium, the logins and uploads with the real OpenSSH clients.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadmeDemoTests
{
    private const string AdminEmail = "admin@demo.test";
    private const string AdminPassword = "granite-Harbor-lantern-93";
    private const string CustomerPassword = "copper-Meadow-violin-58";

    [Fact]
    public async Task The_readme_demo_serves_logins_and_uploads_through_eleven_applies_then_stops_and_resets_cleanly()
    {
        var groupsBefore = await GroupNamesAsync();
        await using var demo = await LivePanel.StartReadmeDemoAsync(withWebServer: true);
        try
        {
            var session = new CookieContainer();
            using var admin = await SetUpFirstAdminAsync(demo, session);
            await using var panel = await ReadmeDemoBrowser.OpenAsync(demo, session);
            var owner = demo.Prefix + "a";
            var editor = demo.Prefix + "b";
            var keysOnly = demo.Prefix + "c";
            var domain = $"{demo.Prefix}.example.com";
            var editorKey = await NewKeyAsync(demo, editor);
            var keysOnlyKey = await NewKeyAsync(demo, keysOnly);

            // A customer with a password, a second user with a key on the same site, a keys-only user on a second site.
            var siteId = await panel.AddCustomerAsync(domain, owner, CustomerPassword, customerEmail: $"owner@{domain}");
            await panel.AddUserAsync(siteId, editor, await File.ReadAllTextAsync(editorKey + ".pub"));
            await panel.AddCustomerAsync($"{demo.Prefix}-keys.example.com", keysOnly, password: null, keys: await File.ReadAllTextAsync(keysOnlyKey + ".pub"));
            await panel.ApplyAsync();

            var sftp = new OpenSshClient(demo.SshPort);
            var upload = Path.Combine(demo.BaseDir, "index.html");
            var content = $"<h1>{demo.Prefix} uploaded over sftp</h1>\n";
            await File.WriteAllTextAsync(upload, content);
            AssertOk(await sftp.SftpWithPasswordAsync(owner, CustomerPassword, $"put {upload} /html/index.html"), "password upload");
            var chroot = Path.Combine(demo.JailRoot, string.Join('.', domain.Split('.').Reverse()));
            Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(chroot, "html", "index.html")));
            AssertOk(await sftp.SftpWithKeyAsync(editor, editorKey, "ls /html"), "key login of the second user");

            for (var round = 1; round <= 10; round++)
            {
                await panel.ApplyAsync();
                AssertOk(await sftp.SftpWithKeyAsync(keysOnly, keysOnlyKey, "ls /html"), $"keys-only login after apply {round + 1}");
                AssertOk(await sftp.SftpWithPasswordAsync(owner, CustomerPassword, "ls /html"), $"password login after apply {round + 1}");
                Assert.Equal(content, await FetchAsync(demo, domain));
            }

            // The panel's cookie and antiforgery keys live under the demo root, so the reset leaves nothing in root's home.
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(demo.DemoRoot, "panel", "data-protection"), "key-*.xml"));

            // Stopping the panel stops everything it started: the executor, its dedicated sshd and its dedicated nginx.
            var started = DemoProcesses.Of(demo);
            Assert.True(await demo.StopAsync(), "the panel did not exit within 60 s of SIGTERM");
            await DemoProcesses.AssertAllGoneAsync(started);

            // The README's reset removes the demo's users, its group and its root, and nothing else.
            // Its userdel calls wait for the account files' locks: 60 s ran out on a loaded machine with 20,000 other accounts.
            var reset = await HostCommand.RunAsync("bash", [Path.Combine(LivePanel.ProjectDirectory("deploy"), "demo-reset.sh"), demo.DemoRoot], timeout: TimeSpan.FromSeconds(300));
            Assert.True(reset.ExitCode == 0, reset.ToString());
            var accounts = (await File.ReadAllLinesAsync("/etc/passwd")).Select(l => l.Split(':')[0]).ToList();
            Assert.DoesNotContain(accounts, name => name.StartsWith(demo.Prefix, StringComparison.Ordinal));
            Assert.DoesNotContain((await GroupNamesAsync()).Except(groupsBefore), name => name.StartsWith(LivePanel.DemoJailGroup, StringComparison.Ordinal));
            Assert.False(Directory.Exists(demo.DemoRoot), "the demo root is still there after the reset");
        }
        catch
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, "readme-demo-log.txt"), demo.Log);
            throw;
        }
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("KILL")]
    public async Task Stopping_the_demo_panel_stops_the_executor_sshd_and_nginx_it_started(string signal)
    {
        await using var demo = await LivePanel.StartReadmeDemoAsync(withWebServer: true);
        try
        {
            var session = new CookieContainer();
            using var admin = await SetUpFirstAdminAsync(demo, session);
            await using (var panel = await ReadmeDemoBrowser.OpenAsync(demo, session))
            {
                await panel.ApplyAsync();
            }

            var started = DemoProcesses.Of(demo);
            Assert.NotNull(started.Sshd);
            Assert.NotNull(started.Nginx);

            // KILL: the panel gets no chance to stop anything; its executor notices it is orphaned and stops itself.
            await demo.StopAsync(signal);
            await DemoProcesses.AssertAllGoneAsync(started);
        }
        catch
        {
            await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, $"demo-stop-{signal}-log.txt"), demo.Log);
            throw;
        }
    }

    /// <summary>The one-time link from the log creates the Admin, who must then enrol an authenticator (TOTP).</summary>
    private static async Task<PanelClient> SetUpFirstAdminAsync(LivePanel demo, CookieContainer session)
    {
        var browser = new PanelClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = session })
        {
            BaseAddress = new Uri(demo.BaseUrl),
        });
        var setup = PanelClient.LocalPath(new Uri(demo.SetupLink));
        var created = await browser.SubmitAsync(setup, "first-admin", new Dictionary<string, string> { ["Input.Email"] = AdminEmail, ["Input.Password"] = AdminPassword });
        Assert.True(created.IsRedirect, $"first-admin setup: {string.Join(" ", created.ValidationMessages())}");

        var enrol = await browser.GetPageAsync("/Account/Manage/EnableAuthenticator?required=true");
        var key = enrol.Document.QuerySelector("[data-shared-key]")?.TextContent.Trim() ?? throw new InvalidOperationException($"no authenticator key on the enrolment page: {enrol.Text()}");
        var verified = await browser.SubmitAsync(enrol, "enable-2fa", new Dictionary<string, string> { ["Input.Code"] = Totp.Fresh(key) });
        Assert.True(verified.Document.QuerySelectorAll("[data-recovery-codes] li").Length > 0, $"two-factor enrolment: {verified.Text()}");
        return browser;
    }

    private static async Task<List<string>> GroupNamesAsync() =>
        (await File.ReadAllLinesAsync("/etc/group")).Select(l => l.Split(':')[0]).ToList();

    private static async Task<string> NewKeyAsync(LivePanel demo, string name)
    {
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(demo.BaseDir, "client-keys")).FullName, name);
        var made = await HostCommand.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file]);
        Assert.True(made.ExitCode == 0, made.ToString());
        return file;
    }

    /// <summary>GET / from the demo's dedicated nginx as the site's name (no DNS: the Host header says which site).</summary>
    private static async Task<string> FetchAsync(LivePanel demo, string domain)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{demo.WebPort}/index.html");
        request.Headers.Host = domain;
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET http://{domain}/index.html: {(int)response.StatusCode} {body}");
        return body;
    }

    private static void AssertOk(SshOutput output, string what) =>
        Assert.True(output.ExitCode == 0, $"{what}: exit {output.ExitCode}: {output.All}");
}
