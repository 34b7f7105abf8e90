using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Sites;

public sealed class AddSiteTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task Adding_a_site_creates_its_rows_sends_the_whole_state_and_audits_applied()
    {
        var result = await f.AddSiteAsync("Site1.COM", "alice", null, AliceKey);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal((1, 1, 1), f.Counts());
        var sent = Assert.Single(f.Executor.Applies);
        var site = Assert.Single(sent.State.Sites);
        Assert.Equal("site1.com", site.Domain);
        Assert.True(site.Enabled);
        var user = Assert.Single(site.Users);
        Assert.Equal(("alice", false, false, false), (user.Name, user.ReadOnly, user.KeyOnly, user.Disabled));
        Assert.Equal([AliceKey], user.Keys);
        Assert.Empty(sent.Passwords);

        var entry = Assert.Single(f.AuditRows());
        Assert.Equal(result.AuditEntryId, entry.Id);
        Assert.Equal(("site.add", "site1.com", "cli:tester", AuditResults.Applied), (entry.Action, entry.Target, entry.Actor, entry.Result));
        Assert.Null(entry.Before);
        Assert.Contains("\"name\":\"alice\"", entry.After, StringComparison.Ordinal);
        Assert.Contains(AliceFingerprint, entry.After, StringComparison.Ordinal);
        Assert.Contains("wrote vhost", entry.Detail, StringComparison.Ordinal);

        var detail = await f.Service.FindSiteAsync("site1.com");
        Assert.NotNull(detail);
        Assert.Equal(SiteStatus.Applied, detail.Site.Status);
        Assert.Equal(f.Clock.Now - TimeSpan.FromMinutes(1), detail.Site.LastAppliedAt);
        Assert.Equal(AliceFingerprint, Assert.Single(Assert.Single(detail.Users).Keys).Fingerprint);
    }

    [Fact]
    public async Task The_state_sent_lists_sites_by_domain_with_the_owner_first_and_keys_as_normalised_lines()
    {
        await f.AddSiteAsync("b.example", "bob");
        await f.AddSiteAsync("a.example", "ann");
        await f.Service.AddUserAsync(new NewUserRequest("b.example", "zed", Keys: [BobKey + "   "]), Staff);
        var last = await f.Service.AddUserAsync(new NewUserRequest("b.example", "aaron", ReadOnly: true, KeyOnly: true), Staff);

        Assert.True(last.Succeeded, last.Error);
        var state = f.Executor.LastState;
        Assert.Equal(["a.example", "b.example"], state.Sites.Select(s => s.Domain));
        Assert.Equal(["bob", "zed", "aaron"], state.Sites[1].Users.Select(u => u.Name));
        Assert.Equal([BobKey], state.Sites[1].Users[1].Keys);
        var aaron = state.Sites[1].Users[2];
        Assert.Equal((true, true, false), (aaron.ReadOnly, aaron.KeyOnly, aaron.Disabled));
        Assert.Empty(aaron.Keys);
        Assert.Equal(4, state.Generation);
        Assert.Equal(state with { Generation = null }, await f.Service.BuildDesiredStateAsync(), new DesiredStateComparer());
    }

    [Fact]
    public async Task A_users_keys_are_sent_in_the_order_they_were_added_and_each_stays_with_its_own_user()
    {
        await f.AddSiteAsync("c.example", "carl", null, BobKey);
        await f.AddSiteAsync("d.example", "dora");
        var added = await f.Service.AddKeyAsync("carl", AliceKey, Staff);

        Assert.True(added.Succeeded, added.Error);
        var state = await f.Service.BuildDesiredStateAsync();
        Assert.Equal([BobKey, AliceKey], state.Sites.Single(s => s.Domain == "c.example").Users.Single().Keys);
        Assert.Empty(state.Sites.Single(s => s.Domain == "d.example").Users.Single().Keys);
    }

    [Fact]
    public async Task A_failing_executor_leaves_no_rows_and_an_audit_row_with_its_error()
    {
        f.Executor.Fail("sshd -t rejected the candidate config");

        var result = await f.AddSiteAsync("site1.com", "alice", null, AliceKey);

        Assert.False(result.Succeeded);
        Assert.Equal("sshd -t rejected the candidate config", result.Error);
        Assert.Equal((0, 0, 0), f.Counts());
        var entry = Assert.Single(f.AuditRows());
        Assert.Equal((AuditResults.Failed, "sshd -t rejected the candidate config", "site.add"), (entry.Result, entry.Error, entry.Action));
        Assert.Equal(result.AuditEntryId, entry.Id);
    }

    [Fact]
    public async Task A_refusal_is_audited_as_refused_and_an_unreachable_executor_as_failed()
    {
        f.Executor.Refuse("user alice: reserved by the host");
        var refused = await f.AddSiteAsync("site1.com", "alice");
        f.Executor.Throw(new ExecutorUnavailableException("connection refused on /run/sftpjail/executor.sock"));
        var unreachable = await f.AddSiteAsync("site2.com", "bob");

        Assert.Equal("user alice: reserved by the host", refused.Error);
        Assert.Equal("The executor is unavailable: connection refused on /run/sftpjail/executor.sock", unreachable.Error);
        Assert.Equal([AuditResults.Refused, AuditResults.Failed], f.AuditRows().Select(e => e.Result));
        Assert.Equal((0, 0, 0), f.Counts());
    }

    [Fact]
    public async Task A_multi_line_executor_error_comes_back_as_one_line()
    {
        f.Executor.Refuse("line one\r\nline two\0\n");

        var result = await f.AddSiteAsync("site1.com", "alice");

        Assert.Equal("line one line two", result.Error);
    }

    [Fact]
    public async Task A_failed_change_to_an_existing_site_keeps_the_rows_as_they_were_and_marks_the_site_failed()
    {
        await f.AddSiteAsync("site1.com", "alice");
        f.Executor.Fail("nginx -t failed");

        var result = await f.Service.SetSiteEnabledAsync("site1.com", false, Staff);

        Assert.False(result.Succeeded);
        var detail = await f.Service.FindSiteAsync("site1.com");
        Assert.NotNull(detail);
        Assert.True(detail.Site.Enabled);
        Assert.Equal(SiteStatus.Failed, detail.Site.Status);
        using var db = f.Database.NewContext();
        Assert.Equal("nginx -t failed", db.Sites.Single().LastError);
    }

    [Fact]
    public async Task A_duplicate_domain_or_user_name_is_refused_with_a_clear_message_before_the_executor_is_called()
    {
        await f.AddSiteAsync("site1.com", "alice");

        var sameDomain = await f.AddSiteAsync("SITE1.com", "bob");
        var sameUser = await f.AddSiteAsync("site2.com", "alice");
        var sameUserOnSite = await f.Service.AddUserAsync(new NewUserRequest("site1.com", "alice"), Staff);

        Assert.Equal("domain: The site site1.com already exists.", sameDomain.Error);
        Assert.Equal("username: The user alice already exists (site site1.com).", sameUser.Error);
        Assert.Equal(sameUser.Error, sameUserOnSite.Error);
        Assert.Single(f.Executor.Applies);
        Assert.Equal((1, 1, 0), f.Counts());
        Assert.Single(f.AuditRows());
    }

    [Fact]
    public async Task Preview_plans_the_would_be_state_and_saves_nothing()
    {
        await f.AddSiteAsync("site1.com", "alice");

        var plan = await f.Service.PreviewAddSiteAsync(new NewSiteRequest("site2.com", Password: "correct horse battery"));

        Assert.Null(plan.Error);
        Assert.Equal(["site1.com", "site2.com"], plan.Steps.Select(s => s.Target));
        Assert.Equal(["alice", "site2"], f.Executor.Plans.Single().Sites.Select(s => s.Users.Single().Name));
        Assert.Equal((1, 1, 0), f.Counts());
        Assert.Single(f.AuditRows());
        Assert.Empty(f.Db.ChangeTracker.Entries());
    }

    [Fact]
    public async Task Preview_of_an_invalid_site_reports_why_without_asking_the_executor()
    {
        var plan = await f.Service.PreviewAddSiteAsync(new NewSiteRequest("bad domain.com"));

        Assert.Equal("domain: A domain cannot contain a space.", plan.Error);
        Assert.Empty(f.Executor.Plans);
    }

    [Fact]
    public async Task A_site_can_be_assigned_to_an_existing_panel_account_only()
    {
        var missing = await f.Service.AddSiteAsync(new NewSiteRequest("site1.com", CustomerAccountId: "no-such-id"), Staff);
        f.Db.Users.Add(new Identity.PanelUser { Id = "cust-1", UserName = "c@example.com" });
        await f.Db.SaveChangesAsync();
        var assigned = await f.Service.AddSiteAsync(new NewSiteRequest("site1.com", CustomerAccountId: "cust-1"), Staff);

        Assert.Equal("customer: That panel account does not exist.", missing.Error);
        Assert.True(assigned.Succeeded, assigned.Error);
        var page = await f.Service.ListSitesAsync(new SiteQuery(CustomerAccountId: "cust-1"));
        Assert.Equal("site1.com", Assert.Single(page.Items).Domain);
        Assert.Empty((await f.Service.ListSitesAsync(new SiteQuery(CustomerAccountId: "other"))).Items);
    }

    private sealed class DesiredStateComparer : IEqualityComparer<DesiredStateDto>
    {
        public bool Equals(DesiredStateDto? x, DesiredStateDto? y) => Text(x) == Text(y);

        public int GetHashCode(DesiredStateDto obj) => Text(obj).GetHashCode(StringComparison.Ordinal);

        private static string Text(DesiredStateDto? state) => System.Text.Json.JsonSerializer.Serialize(state);
    }
}
