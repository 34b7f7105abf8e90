using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Sites;

public sealed class UserAndKeyTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task Keys_are_added_from_pasted_text_and_removed_by_fingerprint_with_or_without_its_prefix()
    {
        await f.AddSiteAsync("site1.com", "alice");

        var added = await f.Service.AddKeyAsync("alice", $"# laptop\n{AliceKey}\n\n{BobKey}\n", Staff);
        var removed = await f.Service.RemoveKeyAsync("alice", AliceFingerprint["SHA256:".Length..], Staff);

        Assert.True(added.Succeeded && removed.Succeeded, added.Error ?? removed.Error);
        Assert.Equal([BobKey], f.Executor.LastState.Sites[0].Users[0].Keys);
        Assert.Equal(["site.add", "user.key.add", "user.key.remove"], f.AuditRows().Select(e => e.Action));
        Assert.All(f.AuditRows().Skip(1), e => Assert.Equal("site1.com/alice", e.Target));
    }

    [Fact]
    public async Task A_key_the_user_already_has_or_an_unknown_fingerprint_is_refused()
    {
        await f.AddSiteAsync("site1.com", "alice", null, AliceKey);

        var again = await f.Service.AddKeyAsync("alice", AliceKey, Staff);
        var unknown = await f.Service.RemoveKeyAsync("alice", BobFingerprint, Staff);
        var empty = await f.Service.AddKeyAsync("alice", "# only a comment\n", Staff);

        Assert.Equal($"key: alice already has the key {AliceFingerprint}.", again.Error);
        Assert.Equal($"fingerprint: alice has no key {BobFingerprint}.", unknown.Error);
        Assert.StartsWith("key: No key found", empty.Error, StringComparison.Ordinal);
        Assert.Single(f.Executor.Applies);
    }

    [Fact]
    public async Task Disabling_and_enabling_a_user_or_a_site_is_sent_to_the_executor()
    {
        await f.AddSiteAsync("site1.com", "alice");

        await f.Service.SetUserDisabledAsync("alice", true, Staff);
        var userDisabled = f.Executor.LastState.Sites[0].Users[0].Disabled;
        await f.Service.SetSiteEnabledAsync("site1.com", false, Staff);
        var siteEnabled = f.Executor.LastState.Sites[0].Enabled;
        await f.Service.SetUserDisabledAsync("alice", false, Staff);

        Assert.True(userDisabled);
        Assert.False(siteEnabled);
        Assert.False(f.Executor.LastState.Sites[0].Users[0].Disabled);
        Assert.Equal(["site.add", "user.disable", "site.disable", "user.enable"], f.AuditRows().Select(e => e.Action));
    }

    [Fact]
    public async Task Making_a_user_read_only_and_back_is_sent_to_the_executor_and_audited()
    {
        await f.AddSiteAsync("site1.com", "alice");

        var on = await f.Service.SetUserReadOnlyAsync("alice", true, Staff);
        var readOnly = f.Executor.LastState.Sites[0].Users[0].ReadOnly;
        var off = await f.Service.SetUserReadOnlyAsync("alice", false, Staff);
        var unknown = await f.Service.SetUserReadOnlyAsync("nobody", true, Staff);

        Assert.True(on.Succeeded && off.Succeeded, on.Error ?? off.Error);
        Assert.True(readOnly);
        Assert.False(f.Executor.LastState.Sites[0].Users[0].ReadOnly);
        Assert.False(unknown.Succeeded);
        Assert.Equal(["site.add", "user.readonly", "user.readwrite"], f.AuditRows().Select(e => e.Action));
        Assert.All(f.AuditRows().Skip(1), e => Assert.Equal("site1.com/alice", e.Target));
    }

    [Fact]
    public async Task The_owner_cannot_be_removed_while_the_site_has_other_users()
    {
        await f.AddSiteAsync("site1.com", "alice");
        await f.Service.AddUserAsync(new NewUserRequest("site1.com", "bob"), Staff);

        var ownerFirst = await f.Service.RemoveUserAsync("alice", Staff);
        var other = await f.Service.RemoveUserAsync("bob", Staff);
        var ownerLast = await f.Service.RemoveUserAsync("alice", Staff);

        Assert.Equal("username: alice owns site1.com; remove its other users first, or remove the site.", ownerFirst.Error);
        Assert.True(other.Succeeded && ownerLast.Succeeded);
        Assert.Empty(f.Executor.LastState.Sites[0].Users);
    }

    [Fact]
    public async Task Removing_a_site_removes_its_users_and_keys()
    {
        await f.AddSiteAsync("site1.com", "alice", null, AliceKey);
        await f.Service.AddUserAsync(new NewUserRequest("site1.com", "bob", Keys: [BobKey]), Staff);
        await f.AddSiteAsync("site2.com", "carol");

        var result = await f.Service.RemoveSiteAsync("site1.com", Staff);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal((1, 1, 0), f.Counts());
        Assert.Equal(["site2.com"], f.Executor.LastState.Sites.Select(s => s.Domain));
        var entry = f.AuditRows()[^1];
        Assert.Equal(("site.remove", "site1.com", AuditResults.Applied), (entry.Action, entry.Target, entry.Result));
        Assert.Contains("\"bob\"", entry.Before, StringComparison.Ordinal);
        Assert.Null(entry.After);
    }

    [Fact]
    public async Task A_failed_removal_keeps_the_site()
    {
        await f.AddSiteAsync("site1.com", "alice", null, AliceKey);
        f.Executor.Fail("userdel: user alice is currently used by process 4242");

        var result = await f.Service.RemoveSiteAsync("site1.com", Staff);

        Assert.False(result.Succeeded);
        Assert.Equal((1, 1, 1), f.Counts());
        Assert.Equal(AuditResults.Failed, f.AuditRows()[^1].Result);
    }

    [Fact]
    public async Task Changes_to_what_does_not_exist_are_refused_without_calling_the_executor()
    {
        var results = new[]
        {
            await f.Service.SetSiteEnabledAsync("nowhere.com", true, Staff),
            await f.Service.RemoveSiteAsync("nowhere.com", Staff),
            await f.Service.AddUserAsync(new NewUserRequest("nowhere.com", "bob"), Staff),
            await f.Service.SetPasswordAsync("ghost", "long enough password", Staff),
            await f.Service.RemoveUserAsync("ghost", Staff),
        };

        Assert.Equal(
            ["domain: There is no site nowhere.com.", "domain: There is no site nowhere.com.", "domain: There is no site nowhere.com.",
                "username: There is no user ghost.", "username: There is no user ghost."],
            results.Select(r => r.Error));
        Assert.Empty(f.Executor.Applies);
    }

    [Fact]
    public async Task Apply_sends_the_stored_state_and_is_audited()
    {
        await f.AddSiteAsync("site1.com", "alice");

        var result = await f.Service.ApplyAsync(new Actor("panel:staff@example.com"));

        Assert.True(result.Succeeded);
        Assert.Equal(2, f.Executor.Applies.Count);
        var entry = f.AuditRows()[^1];
        Assert.Equal(("apply", "*", "panel:staff@example.com"), (entry.Action, entry.Target, entry.Actor));
    }
}
