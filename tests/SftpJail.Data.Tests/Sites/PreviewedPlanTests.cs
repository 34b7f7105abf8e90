using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Sites;

/// <summary>An add that quotes a previewed plan's identity applies only that plan.</summary>
public sealed class PreviewedPlanTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task Adding_with_the_identity_the_preview_gave_applies()
    {
        var request = new NewSiteRequest("site1.com", "alice", Keys: [AliceKey]);
        var preview = await f.Service.PreviewAddSiteAsync(request);
        Assert.Matches("^[0-9a-f]{64}$", preview.PlanIdentity);

        var result = await f.Service.AddSiteAsync(request with { PreviewedPlan = preview.PlanIdentity }, Staff);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("site1.com", Assert.Single(f.Executor.LastState.Sites).Domain);
    }

    [Fact]
    public async Task Adding_another_domain_than_the_one_previewed_is_refused_sends_nothing_and_is_not_audited()
    {
        var preview = await f.Service.PreviewAddSiteAsync(new NewSiteRequest("a.example", "anna"));

        var result = await f.Service.AddSiteAsync(new NewSiteRequest("b.example", "anna", PreviewedPlan: preview.PlanIdentity), Staff);

        Assert.False(result.Succeeded);
        Assert.Equal(SiteService.StalePlanError, result.Error);
        Assert.Contains("preview again", result.Error, StringComparison.Ordinal);
        Assert.Empty(f.Executor.Applies);
        Assert.Equal((0, 0, 0), f.Counts());
        Assert.Empty(f.AuditRows());
        Assert.Empty(f.Db.ChangeTracker.Entries());
    }

    [Fact]
    public async Task A_change_that_landed_after_the_preview_makes_the_previewed_plan_stale()
    {
        var request = new NewSiteRequest("site2.com", "bob");
        var preview = await f.Service.PreviewAddSiteAsync(request);
        await f.AddSiteAsync("site1.com", "alice");

        var result = await f.Service.AddSiteAsync(request with { PreviewedPlan = preview.PlanIdentity }, Staff);

        Assert.Equal(SiteService.StalePlanError, result.Error);
        Assert.Single(f.Executor.Applies);
        Assert.Null(await f.Service.FindSiteAsync("site2.com"));
    }

    [Fact]
    public async Task A_previewed_key_only_user_applied_with_a_password_instead_is_a_different_plan()
    {
        var preview = await f.Service.PreviewAddSiteAsync(new NewSiteRequest("site3.com", "carol", Keys: [AliceKey], KeyOnly: true));

        var result = await f.Service.AddSiteAsync(new NewSiteRequest("site3.com", "carol", Keys: [AliceKey], PreviewedPlan: preview.PlanIdentity), Staff);

        Assert.Equal(SiteService.StalePlanError, result.Error);
    }

    [Fact]
    public async Task A_refused_preview_has_no_identity()
    {
        await f.AddSiteAsync("site1.com", "alice");

        var preview = await f.Service.PreviewAddSiteAsync(new NewSiteRequest("site1.com", "other"));

        Assert.NotNull(preview.Error);
        Assert.Null(preview.PlanIdentity);
    }
}
