using System.Net;
using System.Text;
using static SftpJail.Host.Tests.WebServer.WebServerHost;

namespace SftpJail.Host.Tests.WebServer;

/// <summary>
/// nginx -t only warns about a server name two vhosts claim ("conflicting server name … ignored") and exits 0; the
/// second site would never be served. The executor treats that warning as a failed check and puts the old files back.
/// </summary>
[Collection(WebServerCollection.Name)]
public sealed class ConflictingServerNameTests
{
    [Fact]
    public async Task A_vhost_claiming_another_sites_www_name_fails_the_check_and_is_rolled_back()
    {
        await using var server = await StartAsync("Nginx");
        var owner = Site("shop1.example");
        var claimant = Site("www.shop1.example");
        var content = Encoding.UTF8.GetBytes("shop1's own page");
        server.WriteSiteFile(owner, "index.html", content);
        server.WriteSiteFile(claimant, "index.html", Encoding.UTF8.GetBytes("never served"));
        Assert.True((await server.Installer.ApplyAsync([new(owner)], [])).Succeeded);
        Assert.Equal(content, (await server.GetEventuallyAsync("www.shop1.example", a => a.Status == HttpStatusCode.OK)).Body);

        var result = await server.Installer.ApplyAsync([new(owner), new(claimant)], []);

        Assert.False(result.Succeeded);
        Assert.Contains("conflicting server name \"www.shop1.example\"", result.Error, StringComparison.Ordinal);
        Assert.Contains("previous files are back in place", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not validate either", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Changed);
        Assert.False(File.Exists(server.Web.VhostPathFor(claimant.Domain).Value));
        Assert.True((await server.Controller.ValidateAsync()).Ok);
        Assert.Equal(content, (await server.GetAsync("www.shop1.example")).Body);
    }

    [Fact]
    public async Task A_clean_configuration_still_passes_the_check()
    {
        await using var server = await StartAsync("Nginx");

        var result = await server.Installer.ApplyAsync([new(Site("clean-a.example")), new(Site("clean-b.example"))], []);

        Assert.True(result.Succeeded, result.Error);
        var check = await server.Controller.ValidateAsync();
        Assert.True(check.Ok, check.Output);
    }
}
