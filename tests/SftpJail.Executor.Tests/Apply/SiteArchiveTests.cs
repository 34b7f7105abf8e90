using SftpJail.Core.Model;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Apply;

/// <summary>Which archive a re-added site gets back, and which removed chroot holds nothing worth archiving.</summary>
public sealed class SiteArchiveTests : IDisposable
{
    private readonly TestDirectory root = new();
    private readonly HostProfile profile;
    private readonly HostFileSystem files;

    public SiteArchiveTests()
    {
        profile = new HostProfileOptions { JailRoot = root["www"].Value, StateDir = root["state"].Value, AuthorizedKeysDir = root["etc/keys"].Value }.ToProfile();
        files = new HostFileSystem([root.Path]);
        root.CreateDirectory("www");
        root.CreateDirectory("state/archive");
    }

    public void Dispose() => root.Dispose();

    [Fact]
    public void The_newest_archive_of_exactly_that_domain_is_the_one_restored()
    {
        root.CreateDirectory("state/archive/example.a-20260101T000000Z");
        root.CreateDirectory("state/archive/example.a-20261101T120000Z");
        root.CreateDirectory("state/archive/example.a-20260101T000000Z-20261201T000000Z"); // the archive of "a-20260101T000000Z.example"
        root.CreateDirectory("state/archive/example.ab-20261201T000000Z");

        var newest = new ArchivedSites(profile, files).Newest(SiteDomain.Parse("a.example"));

        Assert.Equal(root["state/archive/example.a-20261101T120000Z"], newest);
    }

    [Fact]
    public void A_link_in_the_archive_is_never_restored()
    {
        var elsewhere = root.CreateDirectory("elsewhere");
        root.CreateSymlink("state/archive/example.a-20261101T120000Z", elsewhere);

        Assert.Null(new ArchivedSites(profile, files).Newest(SiteDomain.Parse("a.example")));
    }

    [Fact]
    public void A_chroot_with_only_its_untouched_placeholder_is_empty_and_is_removed()
    {
        var domain = SiteDomain.Parse("a.example");
        root.CreateDirectory("www/example.a/html");
        root.CreateFile("www/example.a/html/index.html", PlaceholderPageRenderer.Render(domain));
        var sites = new EmptySites(files);

        Assert.True(sites.TryRemove(domain, profile.ChrootFor(domain)));
        Assert.False(Directory.Exists(profile.ChrootFor(domain).Value));
    }

    [Theory]
    [InlineData("html/index.html", "<h1>the customer's own page</h1>")]
    [InlineData("html/upload.txt", "data")]
    [InlineData("html/.htaccess", "deny")]
    [InlineData("notes.txt", "left by an admin")]
    public void A_chroot_holding_anything_else_is_not_empty_and_is_left_for_the_archive(string file, string content)
    {
        var domain = SiteDomain.Parse("a.example");
        root.CreateDirectory("www/example.a/html");
        root.CreateFile("www/example.a/" + file, content);
        var sites = new EmptySites(files);

        Assert.False(sites.TryRemove(domain, profile.ChrootFor(domain)));
        Assert.True(File.Exists(root["www/example.a/" + file].Value));
    }

    [Fact]
    public void A_link_in_place_of_html_is_not_empty()
    {
        var domain = SiteDomain.Parse("a.example");
        var target = root.CreateDirectory("elsewhere");
        root.CreateDirectory("www/example.a");
        root.CreateSymlink("www/example.a/html", target);

        Assert.False(new EmptySites(files).IsEmpty(domain, profile.ChrootFor(domain)));
    }
}
