using System.Net;
using System.Text;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Executor.WebServer;
using static SftpJail.Host.Tests.WebServer.WebServerHost;

namespace SftpJail.Host.Tests.WebServer;

/// <summary>Real nginx and real apache2, dedicated on 127.0.0.1, in both the sites-available and the conf.d layout.</summary>
[Collection(WebServerCollection.Name)]
public sealed class DedicatedWebServerTests
{
    public static TheoryData<string, string> ServersAndLayouts() => new()
    {
        { "Nginx", "SitesAvailable" },
        { "Nginx", "ConfD" },
        { "Apache", "SitesAvailable" },
        { "Apache", "ConfD" },
    };

    [Theory]
    [MemberData(nameof(ServersAndLayouts))]
    public async Task Two_sites_on_one_server_each_serve_exactly_their_own_bytes(string kind, string layout)
    {
        await using var server = await StartAsync(kind, layout);
        var first = Site("first-site.example");
        var second = Site("second-site.example");
        var firstBytes = Encoding.UTF8.GetBytes("<h1>first ✓</h1>\r\n\0binary\xff tail");
        var secondBytes = Encoding.UTF8.GetBytes("<p>second site, its own page</p>\n");
        server.WriteSiteFile(first, "index.html", firstBytes);
        server.WriteSiteFile(second, "index.html", secondBytes);

        var result = await server.Installer.ApplyAsync([new(first), new(second)], []);

        Assert.True(result.Succeeded, result.Error);
        var fromFirst = await server.GetEventuallyAsync("www.first-site.example", a => a.Status == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, fromFirst.Status);
        Assert.Equal(firstBytes, fromFirst.Body);
        Assert.Equal(secondBytes, (await server.GetAsync("www.second-site.example")).Body);
        Assert.Equal(secondBytes, (await server.GetAsync("second-site.example", "/index.html")).Body);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync("www.unknown.example")).Status);
    }

    [Theory]
    [MemberData(nameof(ServersAndLayouts))]
    public async Task A_disabled_site_stops_serving_its_content_and_serves_again_when_enabled(string kind, string layout)
    {
        await using var server = await StartAsync(kind, layout);
        var site = Site("toggle.example");
        var content = Encoding.UTF8.GetBytes("toggle content " + Guid.NewGuid());
        server.WriteSiteFile(site, "index.html", content);
        Assert.True((await server.Installer.ApplyAsync([new(site)], [])).Succeeded);
        Assert.Equal(content, (await server.GetEventuallyAsync("www.toggle.example", a => a.Status == HttpStatusCode.OK)).Body);

        var disabled = await server.Installer.ApplyAsync([new(site with { Enabled = false })], []);

        Assert.True(disabled.Succeeded, disabled.Error);
        var answer = await server.GetEventuallyAsync("www.toggle.example", a => a.Status != HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.DoesNotContain("toggle content", Encoding.UTF8.GetString(answer.Body));
        if (server.Web.EnabledLinkFor(site.Domain) is { } link)
        {
            Assert.False(File.Exists(link.Value) || new FileInfo(link.Value).LinkTarget is not null);
            Assert.True(File.Exists(server.Web.VhostPathFor(site.Domain).Value), "sites-available keeps the disabled vhost");
        }
        else
        {
            Assert.False(File.Exists(server.Web.VhostPathFor(site.Domain).Value), "conf.d: disabled means the file is absent");
        }

        Assert.True((await server.Installer.ApplyAsync([new(site)], [])).Succeeded);
        Assert.Equal(content, (await server.GetEventuallyAsync("www.toggle.example", a => a.Status == HttpStatusCode.OK)).Body);
    }

    [Theory]
    [MemberData(nameof(ServersAndLayouts))]
    public async Task A_candidate_that_fails_validation_is_never_left_installed_and_the_old_site_keeps_serving(string kind, string layout)
    {
        await using var server = await StartAsync(kind, layout);
        var site = Site("steady.example");
        var newcomer = Site("newcomer.example");
        var content = Encoding.UTF8.GetBytes("steady old content");
        server.WriteSiteFile(site, "index.html", content);
        server.WriteSiteFile(newcomer, "index.html", Encoding.UTF8.GetBytes("newcomer"));
        Assert.True((await server.Installer.ApplyAsync([new(site)], [])).Succeeded);
        Assert.Equal(content, (await server.GetEventuallyAsync("www.steady.example", a => a.Status == HttpStatusCode.OK)).Body);
        var vhostPath = server.Web.VhostPathFor(site.Domain).Value;
        var installedBefore = await File.ReadAllBytesAsync(vhostPath);

        // A broken include stands in for any candidate the checker refuses; it bypasses the renderer on purpose.
        var broken = VhostRenderer.ManagedHeader + "\n" + (kind == "Nginx"
            ? $"server {{\n    listen 127.0.0.1:{server.Web.Listen.HttpPort};\n    include {server.BaseDir}/missing/broken-include.conf;\n}}\n"
            : $"Include \"{server.BaseDir}/missing/broken-include.conf\"\n");
        var good = VhostRenderer.Render(newcomer, server.Host, server.Web, tls: null);
        var result = await server.Installer.ApplyRenderedAsync(
            [new VhostFile(site.Domain, broken, Enabled: true), new VhostFile(newcomer.Domain, good, Enabled: true)], [], CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("broken-include.conf", result.Error);
        Assert.Empty(result.Changed);
        Assert.Equal(installedBefore, await File.ReadAllBytesAsync(vhostPath));
        Assert.False(File.Exists(server.Web.VhostPathFor(newcomer.Domain).Value), "the valid half of a rejected change set is rolled back too");
        Assert.True((await server.Controller.ValidateAsync()).Ok);
        Assert.Equal(content, (await server.GetAsync("www.steady.example")).Body);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync("www.newcomer.example")).Status);
        Assert.Empty(Directory.GetFiles(server.Web.SitesDir.Value, ".*"));
    }

    [Theory]
    [InlineData("Nginx")]
    [InlineData("Apache")]
    public async Task Removing_a_site_deletes_its_vhost_and_it_stops_serving(string kind)
    {
        await using var server = await StartAsync(kind);
        var site = Site("leaving.example");
        server.WriteSiteFile(site, "index.html", Encoding.UTF8.GetBytes("leaving"));
        Assert.True((await server.Installer.ApplyAsync([new(site)], [])).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await server.GetEventuallyAsync("leaving.example", a => a.Status == HttpStatusCode.OK)).Status);

        var removed = await server.Installer.RemoveAsync(site.Domain);

        Assert.True(removed.Succeeded, removed.Error);
        Assert.Equal(2, removed.Changed.Count);
        Assert.False(File.Exists(server.Web.VhostPathFor(site.Domain).Value));
        Assert.Null(new FileInfo(server.Web.EnabledLinkFor(site.Domain)!.Value).LinkTarget);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetEventuallyAsync("leaving.example", a => a.Status != HttpStatusCode.OK)).Status);
        Assert.True(File.Exists(Path.Combine(server.Host.UploadDirFor(site.Domain).Value, "index.html")), "the site's files are not the installer's to delete");
    }

    [Theory]
    [InlineData("Nginx")]
    [InlineData("Apache")]
    public async Task Dotfiles_and_dot_directories_are_never_served(string kind)
    {
        await using var server = await StartAsync(kind);
        var site = Site("dots.example");
        server.WriteSiteFile(site, "index.html", Encoding.UTF8.GetBytes("public"));
        server.WriteSiteFile(site, ".env", Encoding.UTF8.GetBytes("SECRET=env"));
        server.WriteSiteFile(site, ".git/config", Encoding.UTF8.GetBytes("SECRET=git"));
        server.WriteSiteFile(site, "sub/page.html", Encoding.UTF8.GetBytes("sub page"));
        Assert.True((await server.Installer.ApplyAsync([new(site)], [])).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await server.GetEventuallyAsync("dots.example", a => a.Status == HttpStatusCode.OK)).Status);

        foreach (var path in new[] { "/.env", "/.git/config", "/.git/" })
        {
            var answer = await server.GetAsync("dots.example", path);
            Assert.True(answer.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{path} answered {answer.Status}");
            Assert.DoesNotContain("SECRET", Encoding.UTF8.GetString(answer.Body));
        }

        var listing = await server.GetAsync("dots.example", "/sub/");
        Assert.True(listing.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"/sub/ answered {listing.Status}");
        Assert.DoesNotContain("page.html", Encoding.UTF8.GetString(listing.Body));
        Assert.Equal("sub page", Encoding.UTF8.GetString((await server.GetAsync("dots.example", "/sub/page.html")).Body));
    }

    [Theory]
    [InlineData("Nginx")]
    [InlineData("Apache")]
    public async Task A_site_with_a_certificate_is_served_over_https_too(string kind)
    {
        await using var server = await StartAsync(kind);
        var site = Site("secure.example");
        var content = Encoding.UTF8.GetBytes("over tls");
        server.WriteSiteFile(site, "index.html", content);

        var result = await server.Installer.ApplyAsync([new(site, server.CreateCertificate("secure.example"))], []);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(content, (await server.GetEventuallyAsync("www.secure.example", a => a.Status == HttpStatusCode.OK, https: true)).Body);
        Assert.Equal(content, (await server.GetAsync("www.secure.example")).Body);
    }

    [Theory]
    [InlineData("Nginx")]
    [InlineData("Apache")]
    public async Task Applying_the_same_sites_twice_changes_nothing_the_second_time(string kind)
    {
        await using var server = await StartAsync(kind);
        VhostSite[] sites = [new(Site("one.example")), new(Site("two.example", enabled: false))];
        var first = await server.Installer.ApplyAsync(sites, []);
        var written = File.GetLastWriteTimeUtc(server.Web.VhostPathFor(sites[0].Site.Domain).Value);

        var second = await server.Installer.ApplyAsync(sites, []);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(3, first.Changed.Count);
        Assert.True(second.Succeeded, second.Error);
        Assert.Empty(second.Changed);
        Assert.Equal(written, File.GetLastWriteTimeUtc(server.Web.VhostPathFor(sites[0].Site.Domain).Value));
    }

    [Theory]
    [InlineData("Nginx")]
    [InlineData("Apache")]
    public async Task A_vhost_file_sftpjail_did_not_write_is_refused_and_left_alone(string kind)
    {
        await using var server = await StartAsync(kind);
        var site = Site("handmade.example");
        var path = server.Web.VhostPathFor(site.Domain).Value;
        var handmade = "# the admin's own file\n";
        await File.WriteAllTextAsync(path, handmade);

        var result = await server.Installer.ApplyAsync([new(site)], []);

        Assert.False(result.Succeeded);
        Assert.Contains("not written by SftpJail", result.Error);
        Assert.Equal(handmade, await File.ReadAllTextAsync(path));
    }

    [Theory]
    [InlineData("Nginx")]
    [InlineData("Apache")]
    public async Task Stopping_the_dedicated_server_ends_its_master_and_frees_the_port(string kind)
    {
        await using var server = await StartAsync(kind);
        var pid = server.Controller.DedicatedPid;
        Assert.NotNull(pid);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync("nobody.example")).Status);

        await server.Controller.StopDedicatedAsync();

        Assert.Null(server.Controller.DedicatedPid);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.GetAsync("nobody.example"));
    }
}
