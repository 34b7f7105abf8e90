using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Sites;

/// <summary>Issue 9, item 4: adding a site whose name mixes scripts in one label is refused before anything is sent.</summary>
public sealed class LookAlikeSiteTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Theory]
    [InlineData("раypal.com")]
    [InlineData("xn--ypal-43d9g.com")]
    public async Task Adding_a_look_alike_domain_is_refused_and_nothing_is_applied(string domain)
    {
        var result = await f.AddSiteAsync(domain, "alice", null, AliceKey);

        Assert.False(result.Succeeded);
        Assert.Contains("mixes Cyrillic and Latin", result.Error, StringComparison.Ordinal);
        Assert.Empty(f.Executor.Applies);
        Assert.Equal((0, 0, 0), f.Counts());
    }
}
