using System.Net;
using System.Text;
using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

/// <summary>
/// Issue 9 (Low): html/ was in the web group 02770 and every jailed user was in the web group, so any of them (and the
/// web server) could write into every site. Now html/ belongs to the site's own group and the web server reads it
/// through an ACL: only the site's users write, the web server still serves every upload.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SiteGroupAccessTests
{
    private const string Password = "correct-horse-battery-9";

    [Theory]
    [InlineData("Nginx")]
    [InlineData("Apache")]
    public async Task Uploads_are_served_and_only_the_sites_own_users_can_write_its_html(string server)
    {
        await using var host = await JailHost.CreateAsync(webServer: server);
        var (owner, colleague, stranger) = (host.UserName("a"), host.UserName("c"), host.UserName("b"));
        var applied = await host.ApplyAsync(
            Of(Site("shared.example", User(owner), User(colleague)), Site("other.example", User(stranger))),
            new PasswordChange(owner, Password), new PasswordChange(colleague, Password), new PasswordChange(stranger, Password));
        Assert.True(applied.Succeeded, applied.Error);
        var html = host.Profile.UploadDirFor(SiteDomain.Parse("shared.example")).Value;

        var page = await LocalFileAsync(host, "page.html", "<h1>the owner's page</h1>\n");
        var upload = await host.Client.SftpWithPasswordAsync(owner, Password, $"put {page} /html/page.html", "mkdir /html/sub", $"put {page} /html/sub/deep.html");
        Assert.True(upload.ExitCode == 0, upload.All);

        Assert.Equal("<h1>the owner's page</h1>\n", await GetAsync(host, "shared.example", "/page.html"));
        Assert.Equal("<h1>the owner's page</h1>\n", await GetAsync(host, "www.shared.example", "/sub/deep.html"));
        Assert.Contains("Uploaded files appear here", await GetAsync(host, "shared.example", "/"));

        // The colleague reads the owner's upload and writes beside it, and into the directory the owner made.
        var fetched = Path.Combine(host.BaseDir, "fetched.html");
        var colleaguePage = await LocalFileAsync(host, "colleague.html", "colleague's page\n");
        var shared = await host.Client.SftpWithPasswordAsync(colleague, Password,
            $"get /html/page.html {fetched}", $"put {colleaguePage} /html/colleague.html", $"put {colleaguePage} /html/sub/colleague.html");
        Assert.True(shared.ExitCode == 0, shared.All);
        Assert.Equal("<h1>the owner's page</h1>\n", await File.ReadAllTextAsync(fetched));
        Assert.Equal("colleague's page\n", await GetAsync(host, "shared.example", "/sub/colleague.html"));

        // Another site's user and the web server reach html/ on the host (not through the jail) and still cannot write.
        foreach (var intruder in new[] { stranger, host.Profile.WebGroup.Value })
        {
            foreach (var target in new[] { Path.Combine(html, "planted.html"), Path.Combine(html, "sub", "planted.html"), Path.Combine(html, "page.html") })
            {
                var touch = await HostCommand.RunAsync("runuser", ["-u", intruder, "--", "touch", target]);
                Assert.True(touch.ExitCode != 0, $"{intruder} could touch {target}");
                Assert.Contains("Permission denied", touch.All);
            }
        }

        Assert.False(File.Exists(Path.Combine(html, "planted.html")));
        Assert.Equal("<h1>the owner's page</h1>\n", await File.ReadAllTextAsync(Path.Combine(html, "page.html")));
        Assert.True((await host.Engine.PlanAsync(Of(Site("shared.example", User(owner), User(colleague)), Site("other.example", User(stranger))))).IsEmpty);
    }

    [Fact]
    public async Task An_html_directory_in_the_web_group_is_converted_on_the_next_apply_and_keeps_being_served()
    {
        await using var host = await JailHost.CreateAsync(webServer: "Nginx");
        var (owner, colleague) = (host.UserName("a"), host.UserName("c"));
        var state = Of(Site("legacy.example", User(owner), User(colleague)));
        Assert.True((await host.ApplyAsync(state, new PasswordChange(owner, Password), new PasswordChange(colleague, Password))).Succeeded);
        var html = host.Profile.UploadDirFor(SiteDomain.Parse("legacy.example")).Value;
        var web = host.Profile.WebGroup.Value;
        var siteGroup = SiteGroups.For(host.Profile, SiteDomain.Parse("legacy.example")).Value;

        // The layout before site groups: html/ and the uploads owner:<web group> without ACLs, the users in the web
        // group. The web server (its PHP, say) could write there: the hole this closes.
        await RunAsync("setfacl", "-R", "-b", html);
        await RunAsync("chown", "-R", $"{owner}:{web}", html);
        await RunAsync("chmod", "2770", html);
        foreach (var user in new[] { owner, colleague })
        {
            await RunAsync("usermod", "-G", $"{host.Profile.JailGroup},{web}", user);
        }

        var oldDir = Path.Combine(html, "old-dir");
        Directory.CreateDirectory(oldDir);
        var old = Path.Combine(html, "old.html");
        var inner = Path.Combine(oldDir, "inner.html");
        await File.WriteAllTextAsync(old, "uploaded before the change\n");
        await File.WriteAllTextAsync(inner, "inside an old directory\n");
        await RunAsync("chown", "-R", $"{owner}:{web}", html);
        await RunAsync("chmod", "2770", oldDir);
        await RunAsync("chmod", "640", old, inner);
        Assert.Equal("uploaded before the change\n", await GetAsync(host, "legacy.example", "/old.html"));
        var planted = Path.Combine(html, "planted.html");
        Assert.Equal(0, (await HostCommand.RunAsync("runuser", ["-u", web, "--", "touch", planted])).ExitCode);
        File.Delete(planted);

        var plan = await host.Engine.PlanAsync(state);
        Assert.Contains(plan.Steps, s => s.Kind == PlanStepKind.FixDirectory && s.Target == html && s.Summary.Contains($"{owner}:{siteGroup}") && s.Summary.Contains("no ACL"));
        Assert.Contains(plan.Steps, s => s.Kind == PlanStepKind.FixDirectory && s.Target == html && s.Summary.Contains($"still in group {web}"));
        Assert.Contains(plan.Steps, s => s.Kind == PlanStepKind.UpdateUser && s.Target == colleague);
        var converted = await host.ApplyAsync(state);

        Assert.True(converted.Succeeded, converted.Error);
        Assert.Equal($"{owner} {siteGroup} 2770", (await RunAsync("stat", "-c", "%U %G %a", html)).Trim());
        Assert.Equal($"{siteGroup}\n{siteGroup}\n{siteGroup}\n", await RunAsync("stat", "-c", "%G", old, oldDir, inner));
        var acl = await RunAsync("getfacl", "-cp", html);
        Assert.Contains($"group:{web}:r-x", acl);
        Assert.Contains($"default:group:{web}:r-x", acl);
        Assert.Contains($"group:{web}:r-x\t#effective:r--", await RunAsync("getfacl", "-cp", old));
        Assert.DoesNotContain(web, (await RunAsync("id", "-nG", owner)).Split(' ', StringSplitOptions.TrimEntries));
        Assert.Equal("uploaded before the change\n", await GetAsync(host, "legacy.example", "/old.html"));
        Assert.Equal("inside an old directory\n", await GetAsync(host, "legacy.example", "/old-dir/inner.html"));
        Assert.NotEqual(0, (await HostCommand.RunAsync("runuser", ["-u", web, "--", "touch", planted])).ExitCode);

        // The colleague, out of the web group now, still reads the old upload and writes into the old directory.
        var fetched = Path.Combine(host.BaseDir, "fetched.html");
        var page = await LocalFileAsync(host, "new.html", "uploaded after the change\n");
        var session = await host.Client.SftpWithPasswordAsync(colleague, Password, $"get /html/old.html {fetched}", $"put {page} /html/old-dir/new.html");
        Assert.True(session.ExitCode == 0, session.All);
        Assert.Equal("uploaded before the change\n", await File.ReadAllTextAsync(fetched));
        Assert.Equal("uploaded after the change\n", await GetAsync(host, "legacy.example", "/old-dir/new.html"));
        Assert.True((await host.Engine.PlanAsync(state)).IsEmpty);
    }

    [Fact]
    public async Task Removing_a_site_removes_its_group_after_archiving_its_files()
    {
        await using var host = await JailHost.CreateAsync();
        var owner = host.UserName("a");
        Assert.True((await host.ApplyAsync(Of(Site("brief.example", User(owner)), Site("stays.example")), new PasswordChange(owner, Password))).Succeeded);
        var group = SiteGroups.For(host.Profile, SiteDomain.Parse("brief.example")).Value;
        Assert.Contains($"{group}:", await File.ReadAllTextAsync("/etc/group"));

        var removed = await host.ApplyAsync(Of(Site("stays.example")));

        Assert.True(removed.Succeeded, removed.Error);
        Assert.DoesNotContain($"\n{group}:", "\n" + await File.ReadAllTextAsync("/etc/group"));
        Assert.Contains(removed.Applied, s => s.Kind == PlanStepKind.RemoveGroup && s.Target == group);
        Assert.Contains(SiteGroups.For(host.Profile, SiteDomain.Parse("stays.example")).Value + ":", await File.ReadAllTextAsync("/etc/group"));
    }

    private static async Task<string> LocalFileAsync(JailHost host, string name, string content)
    {
        var path = Path.Combine(host.BaseDir, name);
        await File.WriteAllTextAsync(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var result = await HostCommand.RunAsync(program, args);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', args)}: {result.All}");
        return result.StandardOutput;
    }

    private static async Task<string> GetAsync(JailHost host, string hostHeader, string path)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{host.Web!.Listen.HttpPort}{path}");
            request.Headers.Host = hostHeader;
            using var response = await http.SendAsync(request);
            var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
            if (response.StatusCode == HttpStatusCode.OK || attempt == 20)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{hostHeader}{path}: {(int)response.StatusCode} {body}");
                return body;
            }

            // A reload hands over to new workers moments after it returns.
            await Task.Delay(100);
        }
    }
}
