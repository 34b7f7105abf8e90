using SftpJail.Core.Contract;
using SftpJail.Data.HostAccess;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.HostAccess;

public sealed class HostAccessServiceTests : IDisposable
{
    private const string Password = "a-long-admin-password-9";
    private readonly SiteServiceFixture fixture = new();
    private readonly HostAccessService service;

    public HostAccessServiceTests() =>
        service = new HostAccessService(fixture.Db, fixture.Service, fixture.Executor, fixture.Audit, fixture.Clock);

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Every_change_sends_the_sites_with_all_admins_and_the_profile_and_is_audited_without_the_password()
    {
        await fixture.AddSiteAsync("shop.example", "shop");

        var added = await service.AddAdminAsync("alice", [SiteServiceFixture.AliceKey], Password, SiteServiceFixture.Staff);
        var hardened = await service.ApplyHardeningAsync(HardeningDto.Recommended with { CryptoPolicy = "hardened" }, SiteServiceFixture.Staff);

        Assert.True(added.Succeeded, added.Error);
        Assert.True(hardened.Succeeded, hardened.Error);
        var (state, passwords) = fixture.Executor.Applies[^1];
        Assert.Equal("shop.example", Assert.Single(state.Sites).Domain);
        Assert.Equal("alice", Assert.Single(state.Admins!).Name);
        Assert.Equal(("hardened", true), (state.Hardening!.CryptoPolicy, state.Hardening.Enabled));
        Assert.Empty(passwords);
        Assert.Equal(Password, Assert.Single(fixture.Executor.Applies[^2].Passwords).Password);
        var view = await service.GetAsync();
        Assert.Equal(SiteServiceFixture.AliceFingerprint, Assert.Single(Assert.Single(view.Admins).Keys).Fingerprint);
        var rows = fixture.AuditRows();
        Assert.Contains(rows, r => r.Action == "admin.add" && r.Result == "applied");
        Assert.Contains(rows, r => r.Action == "hardening.apply" && r.Result == "applied");
        Assert.DoesNotContain(rows, r => (r.Before + r.After + r.Detail + r.Error).Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refusal_by_the_executor_is_audited_and_leaves_the_stored_profile_unchanged()
    {
        await service.AddAdminAsync("alice", [], null, SiteServiceFixture.Staff);
        fixture.Executor.Refuse("Not applied: this profile turns off password login, but none of the admin accounts (alice) has a public key.");

        var refused = await service.ApplyHardeningAsync(HardeningDto.Recommended, SiteServiceFixture.Staff);

        Assert.False(refused.Succeeded);
        Assert.Contains("none of the admin accounts", refused.Error);
        Assert.False((await service.GetAsync()).Hardening.Enabled);
        var row = fixture.AuditRows()[^1];
        Assert.Equal(("hardening.apply", "refused"), (row.Action, row.Result));
        Assert.Contains("none of the admin accounts", row.Error);
    }

    [Fact]
    public async Task Invalid_input_is_refused_before_anything_is_sent_or_audited()
    {
        var badName = await service.AddAdminAsync("root", [], null, SiteServiceFixture.Staff);
        var badKey = await service.AddAdminAsync("alice", ["ssh-ed25519 not-a-key"], null, SiteServiceFixture.Staff);
        var badProfile = await service.ApplyHardeningAsync(HardeningDto.Recommended with { MaxStartups = "10:30:5" }, SiteServiceFixture.Staff);
        var noSuchAdmin = await service.OpenEnrolmentAsync("bob", TimeSpan.FromMinutes(5), null, SiteServiceFixture.Staff);
        await service.AddAdminAsync("carol", [], null, SiteServiceFixture.Staff);
        var sentSoFar = fixture.Executor.Applies.Count;
        var tooLong = await service.OpenEnrolmentAsync("carol", TimeSpan.FromMinutes(61), null, SiteServiceFixture.Staff);

        Assert.All([badName, badKey, badProfile, noSuchAdmin, tooLong], r => Assert.Null(r.AuditEntryId));
        Assert.Equal(sentSoFar, fixture.Executor.Applies.Count);
        Assert.Single(fixture.AuditRows());
    }

    [Fact]
    public async Task Keys_are_added_and_removed_by_fingerprint_and_an_enrolment_window_is_sent_with_its_expiry()
    {
        await service.AddAdminAsync("alice", [SiteServiceFixture.AliceKey], null, SiteServiceFixture.Staff);

        var duplicate = await service.AddAdminKeyAsync("alice", SiteServiceFixture.AliceKey, SiteServiceFixture.Staff);
        var addBob = await service.AddAdminKeyAsync("alice", SiteServiceFixture.BobKey, SiteServiceFixture.Staff);
        var removeAlice = await service.RemoveAdminKeyAsync("alice", SiteServiceFixture.AliceFingerprint, SiteServiceFixture.Staff);
        var enrol = await service.OpenEnrolmentAsync("alice", TimeSpan.FromMinutes(15), Password, SiteServiceFixture.Staff);

        Assert.Null(duplicate.AuditEntryId);
        Assert.True(addBob.Succeeded && removeAlice.Succeeded && enrol.Succeeded);
        var sent = fixture.Executor.LastState;
        Assert.Equal([SiteServiceFixture.BobKey], Assert.Single(sent.Admins!).Keys);
        Assert.Equal(new EnrolmentDto("alice", fixture.Clock.GetUtcNow().AddMinutes(15)), sent.Enrolment);
        Assert.Equal(Password, Assert.Single(fixture.Executor.Applies[^1].Passwords).Password);
    }
}
