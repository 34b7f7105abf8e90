using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Sites;

public sealed class SiteCustomerTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task Attaching_a_customer_records_an_audit_row_with_before_and_after_and_never_asks_the_executor()
    {
        await f.AddSiteAsync("site1.com", "alice");
        f.Db.Users.Add(new Identity.PanelUser { Id = "cust-1", UserName = "c@example.com" });
        await f.Db.SaveChangesAsync();
        var appliesBefore = f.Executor.Applies.Count;

        var result = await f.Service.SetCustomerAsync("site1.com", "cust-1", Staff);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(appliesBefore, f.Executor.Applies.Count);
        var entry = f.AuditRows()[^1];
        Assert.Equal(result.AuditEntryId, entry.Id);
        Assert.Equal(("site.customer.attach", "site1.com", "cli:tester", AuditResults.Recorded), (entry.Action, entry.Target, entry.Actor, entry.Result));
        Assert.Contains("\"customerAccountId\":null", entry.Before, StringComparison.Ordinal);
        Assert.Contains("\"customerAccountId\":\"cust-1\"", entry.After, StringComparison.Ordinal);
        Assert.Equal(["site1.com"], (await f.Service.ListSitesAsync(new SiteQuery(CustomerAccountId: "cust-1"))).Items.Select(s => s.Domain));
        Assert.True((await f.Audit.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Detaching_is_audited_and_the_site_leaves_the_customers_list()
    {
        await f.AddSiteAsync("site1.com", "alice");
        f.Db.Users.Add(new Identity.PanelUser { Id = "cust-1", UserName = "c@example.com" });
        await f.Db.SaveChangesAsync();
        await f.Service.SetCustomerAsync("site1.com", "cust-1", Staff);

        var result = await f.Service.SetCustomerAsync("site1.com", null, Staff);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("site.customer.detach", f.AuditRows()[^1].Action);
        Assert.Empty((await f.Service.ListSitesAsync(new SiteQuery(CustomerAccountId: "cust-1"))).Items);
    }

    [Theory]
    [InlineData("site1.com", "no-such-id", "That panel account does not exist")]
    [InlineData("nosuch.example", null, "There is no site")]
    [InlineData("bad domain\n", null, "domain")]
    public async Task A_missing_account_or_site_is_refused_changes_nothing_and_writes_no_audit_row(string domain, string? account, string message)
    {
        await f.AddSiteAsync("site1.com", "alice");
        var rows = f.AuditRows().Count;

        var result = await f.Service.SetCustomerAsync(domain, account, Staff);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(rows, f.AuditRows().Count);
        Assert.Null(Assert.Single((await f.Service.ListSitesAsync(new SiteQuery())).Items).CustomerAccountId);
    }
}
