using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Sites;

/// <summary>Ten thousand sites seeded with SQL; every page is checked against the same ordering done in memory.</summary>
public sealed class ListSitesTests : IDisposable
{
    private const int SiteCount = 10_000;
    private static readonly string[] Statuses = ["Applied", "Drifted", "Failed", "Pending"];

    private readonly SiteServiceFixture f = new();
    private readonly List<SiteSummary> all;

    public ListSitesTests()
    {
        // Ids are inserted in a shuffled domain order so "created" and "domain" orders differ.
        f.Database.Execute($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {SiteCount})
            INSERT INTO Sites (Domain, Enabled, Status, CreatedAt)
            SELECT printf('site%05d.example', (i * 7919) % {SiteCount} + 1), i % 5 <> 0,
                   CASE i % 4 WHEN 0 THEN 'Applied' WHEN 1 THEN 'Drifted' WHEN 2 THEN 'Failed' ELSE 'Pending' END,
                   638000000000000000 + (i % 997) * 10000000
            FROM n;
            INSERT INTO SftpAccounts (SiteId, UserName, ReadOnly, KeyOnly, Disabled, HasPassword, CreatedAt)
            SELECT Id, 'u' || Id, 0, 0, 0, 0, 0 FROM Sites WHERE Id % 3 = 0;
            INSERT INTO SftpAccounts (SiteId, UserName, ReadOnly, KeyOnly, Disabled, HasPassword, CreatedAt)
            SELECT Id, 'v' || Id, 0, 0, 0, 0, 0 FROM Sites WHERE Id % 11 = 0;
            """);
        all = f.Database.Strings("SELECT Id, Domain, Status, CreatedAt, (SELECT COUNT(*) FROM SftpAccounts a WHERE a.SiteId = s.Id) FROM Sites s")
            .Select(row => row.Split('|'))
            .Select(c => new SiteSummary(int.Parse(c[0]), c[1], true, Enum.Parse<SiteStatus>(c[2]), int.Parse(c[4]),
                new DateTimeOffset(long.Parse(c[3]), TimeSpan.Zero), null, null))
            .ToList();
    }

    public void Dispose() => f.Dispose();

    public static TheoryData<string, bool, int> Pages => new()
    {
        { "domain", false, 1 }, { "domain", false, 200 }, { "domain", true, 37 },
        { "created", false, 1 }, { "created", true, 150 },
        { "status", false, 77 }, { "status", true, 1 },
        { "users", true, 1 }, { "users", false, 123 }, { "users", true, 9 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_sort_order_pages_through_ten_thousand_sites_correctly(string sort, bool descending, int page)
    {
        var result = await f.Service.ListSitesAsync(new SiteQuery(Sort: sort, Descending: descending, Page: page, PageSize: 50));

        var expected = Expected(sort, descending).Skip((page - 1) * 50).Take(50).Select(s => (s.Domain, s.UserCount)).ToList();
        Assert.Equal(expected, result.Items.Select(s => (s.Domain, s.UserCount)));
        Assert.Equal((SiteCount, 200, page), (result.Total, result.PageCount, result.PageNumber));
    }

    [Fact]
    public async Task Pages_cover_every_site_exactly_once()
    {
        var seen = new List<string>();
        for (var page = 1; page <= 20; page++)
        {
            seen.AddRange((await f.Service.ListSitesAsync(new SiteQuery(Sort: "created", Page: page, PageSize: 500))).Items.Select(s => s.Domain));
        }

        Assert.Equal(SiteCount, seen.Distinct().Count());
        Assert.Empty((await f.Service.ListSitesAsync(new SiteQuery(Page: 21, PageSize: 500))).Items);
    }

    [Fact]
    public async Task Search_matches_part_of_the_domain_case_insensitively_and_counts_only_matches()
    {
        var result = await f.Service.ListSitesAsync(new SiteQuery(Search: " SITE0999 ", PageSize: 5, Page: 2));

        Assert.Equal(10, result.Total);
        Assert.Equal(["site09995.example", "site09996.example", "site09997.example", "site09998.example", "site09999.example"],
            result.Items.Select(s => s.Domain));
    }

    [Fact]
    public async Task Out_of_range_paging_is_clamped()
    {
        var result = await f.Service.ListSitesAsync(new SiteQuery(Page: -3, PageSize: 100_000, Sort: "no-such-sort"));

        Assert.Equal((1, SiteService.MaxPageSize), (result.PageNumber, result.PageSize));
        Assert.Equal("site00001.example", result.Items[0].Domain);
    }

    private IEnumerable<SiteSummary> Expected(string sort, bool descending) => (sort, descending) switch
    {
        ("created", false) => all.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id),
        ("created", true) => all.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id),
        ("status", false) => all.OrderBy(s => Statuses.IndexOf(s.Status.ToString())).ThenBy(s => s.Domain, StringComparer.Ordinal),
        ("status", true) => all.OrderByDescending(s => Statuses.IndexOf(s.Status.ToString())).ThenBy(s => s.Domain, StringComparer.Ordinal),
        ("users", false) => all.OrderBy(s => s.UserCount).ThenBy(s => s.Domain, StringComparer.Ordinal),
        ("users", true) => all.OrderByDescending(s => s.UserCount).ThenBy(s => s.Domain, StringComparer.Ordinal),
        ("domain", true) => all.OrderByDescending(s => s.Domain, StringComparer.Ordinal),
        _ => all.OrderBy(s => s.Domain, StringComparer.Ordinal),
    };
}
