using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Sites;

public sealed class ReconcileTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task Sites_a_drift_step_concerns_become_drifted_and_the_others_applied()
    {
        await f.AddSiteAsync("site1.com", "alice");
        await f.AddSiteAsync("site2.com", "bob");
        await f.AddSiteAsync("a.site2.com", "carol");
        f.Executor.Drift = [new PlanStep(PlanStepKind.CreateUser, "bob", "user bob is missing")];

        var result = await f.Service.ReconcileAsync();

        Assert.Single(result.Drift);
        Assert.Equal(
            [("a.site2.com", SiteStatus.Applied), ("site1.com", SiteStatus.Applied), ("site2.com", SiteStatus.Drifted)],
            (await f.Service.ListSitesAsync(new SiteQuery())).Items.Select(s => (s.Domain, s.Status)));

        f.Executor.Drift = [];
        await f.Service.ReconcileAsync();
        Assert.All((await f.Service.ListSitesAsync(new SiteQuery())).Items, s => Assert.Equal(SiteStatus.Applied, s.Status));
    }

    [Theory]
    [InlineData("/var/www/sub-domains/com.site2/html", true)]
    [InlineData("/etc/nginx/sites-available/site2.com.conf", true)]
    [InlineData("/etc/sftpjail/authorized_keys/bob", true)]
    [InlineData("site2.com", true)]
    [InlineData("/var/www/sub-domains/com.site2.a/html", false)]
    [InlineData("/etc/nginx/sites-available/a.site2.com.conf", false)]
    [InlineData("/etc/ssh/sshd_config.d/50-sftpjail.conf", false)]
    [InlineData("bobby", false)]
    public void Drift_is_attributed_by_whole_tokens_only(string target, bool concernsSite2)
    {
        var state = new DesiredStateDto(
        [
            new SiteDto("site2.com", true, [new JailUserDto("bob", false, false, false, [])]),
            new SiteDto("a.site2.com", true, [new JailUserDto("carol", false, false, false, [])]),
        ]);

        var affected = DriftAttribution.AffectedDomains(state, [new PlanStep(PlanStepKind.FixDirectory, target, "mode 0777")]);

        Assert.Equal(concernsSite2, affected.Contains("site2.com"));
    }
}
