using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Sites;

/// <summary>The whole path a customer takes: the site is created, its user uploads over SFTP, the web server serves it.</summary>
[Collection(HostCollection.Name)]
public sealed class UploadedSiteIsServedTests
{
    private const string Password = "correct-horse-battery-9";

    [Theory]
    [InlineData("Nginx")]
    [InlineData("Apache")]
    public async Task What_a_user_uploads_over_sftp_is_what_the_web_server_returns(string server)
    {
        await using var host = await JailHost.CreateAsync(webServer: server);
        var alice = host.UserName("a");
        var bob = host.UserName("b");
        var applied = await host.ApplyAsync(
            Of(Site("alpha.example", User(alice)), Site("beta.example", User(bob))),
            new PasswordChange(alice, Password), new PasswordChange(bob, Password));
        Assert.True(applied.Succeeded, applied.Error);

        var placeholder = await GetAsync(host, "www.beta.example");
        var page = Path.Combine(host.BaseDir, "page.html");
        var bytes = "<h1>alpha</h1>\n\u00e9t\u00e9 \u2713\n"u8.ToArray();
        await File.WriteAllBytesAsync(page, bytes);
        var upload = await host.Client.SftpWithPasswordAsync(alice, Password, $"put {page} /html/index.html");
        var served = await GetAsync(host, "www.alpha.example");
        var other = await GetAsync(host, "beta.example");

        Assert.Equal(0, upload.ExitCode);
        Assert.Equal(bytes, served);
        Assert.Contains("Uploaded files appear here", System.Text.Encoding.UTF8.GetString(placeholder));
        Assert.Equal(placeholder, other);
    }

    [Theory]
    [InlineData("Nginx")]
    [InlineData("Apache")]
    public async Task A_symlink_a_customer_plants_to_another_sites_file_is_not_served(string server)
    {
        await using var host = await JailHost.CreateAsync(webServer: server);
        var alice = host.UserName("a");
        var bob = host.UserName("b");
        Assert.True((await host.ApplyAsync(
            Of(Site("thief.example", User(alice)), Site("victim.example", User(bob))),
            new PasswordChange(alice, Password), new PasswordChange(bob, Password))).Succeeded);
        var secret = Path.Combine(host.BaseDir, "config.php");
        await File.WriteAllTextAsync(secret, "DB_PASSWORD=victims-secret");
        Assert.Equal(0, (await host.Client.SftpWithPasswordAsync(bob, Password, $"put {secret} /html/config.php")).ExitCode);
        var victimFile = Path.Combine(host.JailRoot, "example.victim", "html", "config.php");

        // internal-sftp -P symlink refuses the link over SFTP; one made by other means (the site's own code) must not be served either.
        var overSftp = await host.Client.SftpWithPasswordAsync(alice, Password, $"-symlink {victimFile} /html/leak.txt");
        var link = Path.Combine(host.JailRoot, "example.thief", "html", "leak.txt");
        Assert.Contains("Permission denied", overSftp.All);
        Assert.False(File.Exists(link));
        File.CreateSymbolicLink(link, victimFile);
        Assert.Equal(0, (await HostCommand.RunAsync("chown", ["-h", $"{alice}:{alice}", link])).ExitCode);
        var response = System.Text.Encoding.UTF8.GetString(await GetAsync(host, "thief.example", path: "/leak.txt", expectSuccess: false));

        Assert.DoesNotContain("victims-secret", response);
    }

    [Fact]
    public async Task A_disabled_site_stops_serving_and_its_user_cannot_log_in()
    {
        await using var host = await JailHost.CreateAsync(webServer: "Nginx");
        var alice = host.UserName("a");
        Assert.True((await host.ApplyAsync(Of(Site("gamma.example", User(alice))), new PasswordChange(alice, Password))).Succeeded);
        Assert.Contains("Uploaded files appear here", System.Text.Encoding.UTF8.GetString(await GetAsync(host, "gamma.example")));

        var disabled = await host.ApplyAsync(Of(new SiteDto("gamma.example", false, [User(alice)])));
        var afterwards = await GetAsync(host, "gamma.example", expectSuccess: false);

        Assert.True(disabled.Succeeded, disabled.Error);
        Assert.DoesNotContain("Uploaded files appear here", System.Text.Encoding.UTF8.GetString(afterwards));
        Assert.NotEqual(0, (await host.Client.SftpWithPasswordAsync(alice, Password, "pwd")).ExitCode);
    }

    [Fact]
    public async Task The_plan_shows_the_vhost_and_drop_in_diffs_before_anything_changes()
    {
        await using var host = await JailHost.CreateAsync(webServer: "Nginx");
        var state = Of(Site("delta.example", User(host.UserName("a"))));

        var plan = await host.Engine.PlanAsync(state);

        Assert.Null(plan.Error);
        Assert.Contains(plan.Steps, s => s.Target.EndsWith("/sites-available/delta.example.conf", StringComparison.Ordinal) && s.Diff!.Contains("+    server_name delta.example www.delta.example;"));
        // The jail's own block is the drop-in's last Match: "Match all" on a dedicated sshd (it admits only the jail group).
        var dropIn = plan.Steps.Single(s => s.Target == host.DropInPath).Diff!;
        var jailBlock = dropIn[dropIn.LastIndexOf("\n+Match ", StringComparison.Ordinal)..];
        Assert.True(jailBlock.StartsWith("\n+Match all\n", StringComparison.Ordinal) || jailBlock.StartsWith($"\n+Match Group {host.Profile.JailGroup}\n", StringComparison.Ordinal), jailBlock);
        Assert.Contains("+    ChrootDirectory %h\n", jailBlock, StringComparison.Ordinal);
        Assert.False(File.Exists(host.DropInPath));
        Assert.False(Directory.Exists(Path.Combine(host.JailRoot, "example.delta")));
    }

    private static async Task<byte[]> GetAsync(JailHost host, string hostHeader, bool expectSuccess = true, string path = "/")
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{host.Web!.Listen.HttpPort}{path}");
        request.Headers.Host = hostHeader;
        using var response = await http.SendAsync(request);
        if (expectSuccess)
        {
            Assert.True(response.IsSuccessStatusCode, $"{hostHeader}: {(int)response.StatusCode}");
        }

        return await response.Content.ReadAsByteArrayAsync();
    }
}
