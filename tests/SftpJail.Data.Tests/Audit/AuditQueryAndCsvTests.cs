using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Audit;

public sealed class AuditQueryAndCsvTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task Filters_by_actor_action_result_and_date_range_newest_first()
    {
        var start = f.Clock.Now;
        await AppendAsync("cli:root", "site.add", "site1.com");
        await AppendAsync("panel:ann", "site.add", "site2.com");
        await AppendAsync("cli:root", "user.add", "site1.com/alice", AuditResults.Failed);
        await AppendAsync("cli:root", "site.disable", "site1.com");

        var byActor = await f.Audit.QueryAsync(new AuditQuery(Actor: "cli:root"));
        var byAction = await f.Audit.QueryAsync(new AuditQuery(Action: "site.add"));
        var failed = await f.Audit.QueryAsync(new AuditQuery(Result: AuditResults.Failed));
        var window = await f.Audit.QueryAsync(new AuditQuery(From: start.AddMinutes(1), To: start.AddMinutes(3)));

        Assert.Equal(["site.disable", "user.add", "site.add"], byActor.Items.Select(e => e.Action));
        Assert.Equal(["site2.com", "site1.com"], byAction.Items.Select(e => e.Target));
        Assert.Equal("site1.com/alice", Assert.Single(failed.Items).Target);
        Assert.Equal(["site1.com/alice", "site2.com"], window.Items.Select(e => e.Target));
    }

    [Fact]
    public async Task A_site_filter_matches_the_site_and_its_users_but_not_a_longer_domain()
    {
        await AppendAsync("cli:root", "site.add", "site1.com");
        await AppendAsync("cli:root", "user.add", "site1.com/alice");
        await AppendAsync("cli:root", "site.add", "site1.community");
        await AppendAsync("cli:root", "site.add", "a%site1.com");

        var result = await f.Audit.QueryAsync(new AuditQuery(Target: "site1.com"));

        Assert.Equal(["site1.com/alice", "site1.com"], result.Items.Select(e => e.Target));
    }

    [Fact]
    public async Task Pages_are_counted_and_sized()
    {
        for (var i = 0; i < 23; i++)
        {
            await AppendAsync("cli:root", "apply", "*");
        }

        var page = await f.Audit.QueryAsync(new AuditQuery(Page: 3, PageSize: 10));

        Assert.Equal((23, 3, 3), (page.Total, page.PageCount, page.Items.Count));
        Assert.Equal([3L, 2L, 1L], page.Items.Select(e => e.Id));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("a=b", "a=b")]
    [InlineData(null, "")]
    public void Cells_are_quoted_per_rfc_4180_and_formulas_neutralised(string? value, string expected)
    {
        Assert.Equal(expected, AuditCsv.Cell(value));
    }

    [Theory]
    [InlineData(" =1+2", "' =1+2")]
    [InlineData("   @SUM(A1)", "'   @SUM(A1)")]
    [InlineData("\n=cmd|' /C calc'!A0", "\"'\n=cmd|' /C calc'!A0\"")]
    [InlineData("\r\n+1", "\"'\r\n+1\"")]
    [InlineData(" \t -2", "' \t -2")]
    [InlineData("\rplain", "\"'\rplain\"")]
    [InlineData("\nplain", "\"'\nplain\"")]
    [InlineData("  plain", "  plain")]
    [InlineData("", "")]
    public void A_formula_behind_leading_spaces_or_line_breaks_is_neutralised_too(string value, string expected)
    {
        Assert.Equal(expected, AuditCsv.Cell(value));
    }

    [Fact]
    public async Task The_export_has_a_header_one_crlf_row_per_entry_oldest_first_and_hostile_cells_defused()
    {
        await AppendAsync("cli:root", "site.add", "site1.com");
        await f.Audit.AppendAsync(new Actor("=cmd|' /C calc'!A0"), "user.add", "site1.com/alice", null, new { name = "alice, \"the\" owner" },
            AuditResults.Refused, "line one\nline two");

        using var writer = new StringWriter();
        await f.Audit.WriteCsvAsync(new AuditQuery(), writer);
        var text = writer.ToString();

        Assert.StartsWith("id,at,actor,action,target,result,error,before,after,detail,previousHash,hash\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\n1,2026-11-22T10:00:00.0000000Z,cli:root,site.add,site1.com,applied,", text, StringComparison.Ordinal);
        Assert.Contains("\r\n2,", text, StringComparison.Ordinal);
        Assert.Contains(",'=cmd|' /C calc'!A0,user.add,", text, StringComparison.Ordinal);
        Assert.Contains(",\"line one\nline two\",", text, StringComparison.Ordinal);
        Assert.Contains("\"{\"\"name\"\":\"\"alice, \\u0022the\\u0022 owner\"\"}\"", text, StringComparison.Ordinal);
    }

    private async Task AppendAsync(string actor, string action, string target, string result = AuditResults.Applied)
    {
        await f.Audit.AppendAsync(new Actor(actor), action, target, null, null, result);
        f.Clock.Advance(TimeSpan.FromMinutes(1));
    }
}
