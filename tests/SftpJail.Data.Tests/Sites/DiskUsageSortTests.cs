using SftpJail.Core.Contract;
using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Sites;

/// <summary>
/// The sites grid sorts by the disk usage the executor last reported (kept on the sites by the recorder), in SQL and
/// before paging, so every page is a slice of one order over all sites.
/// </summary>
public sealed class DiskUsageSortTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset Measured = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly SiteServiceFixture f = new();

    public DiskUsageSortTests()
    {
        f.Database.Execute("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
            INSERT INTO Sites (Domain, Enabled, Status, CreatedAt) SELECT printf('site%03d.example', i), 1, 'Applied', 0 FROM n;
            UPDATE Sites SET DiskLimitMiB = 1000 - Id WHERE Domain IN ('site007.example', 'site150.example', 'site299.example', 'site300.example');
            """);
    }

    public void Dispose() => f.Dispose();

    private static SiteDiskUsage Usage(string domain, long usedMiB) => new(domain, usedMiB * MiB, 10 * MiB, false, true, Measured);

    private async Task<List<string>> PageAsync(bool descending, int page, int size = 2) =>
        [.. (await new SiteGrid(f.Db).QueryAsync(new SiteGridQuery(Sort: SiteGridSort.DiskUsage, Descending: descending, Page: page, PageSize: size))).Items.Select(r => r.Domain)];

    [Fact]
    public async Task Pages_follow_the_reported_usage_over_all_sites_not_the_limit()
    {
        // Usage order 150 > 299 > 007; the limits (1000 - id) would give 007 > 150 > 299.
        Assert.True(await new SiteDiskUsageRecorder(f.Db).RecordAsync([Usage("site007.example", 1), Usage("site150.example", 9), Usage("site299.example", 4)]));

        Assert.Equal(["site150.example", "site299.example"], await PageAsync(descending: true, page: 1));
        Assert.Equal(["site007.example", "site300.example"], await PageAsync(descending: true, page: 2)); // then unmeasured: by limit
        // Ascending, the 297 unmeasured sites come first: the measured three end the second page of 150.
        Assert.Equal(["site007.example", "site299.example", "site150.example"], (await PageAsync(descending: false, page: 2, size: 150)).TakeLast(3));
    }

    [Fact]
    public async Task A_site_missing_from_a_later_report_is_no_longer_measured_and_a_changed_one_is_updated()
    {
        var recorder = new SiteDiskUsageRecorder(f.Db);
        await recorder.RecordAsync([Usage("site007.example", 1), Usage("site150.example", 9)]);

        Assert.True(await recorder.RecordAsync([Usage("site007.example", 20)]));

        Assert.Equal(["site007.example|20971520|" + Measured.UtcTicks, "site150.example|NULL|NULL"],
            f.Database.Strings("SELECT Domain, DiskUsedBytes, DiskMeasuredAt FROM Sites WHERE Domain IN ('site007.example', 'site150.example') ORDER BY Domain"));
        // site150 is unmeasured now: after the one measured site, the unmeasured ones by limit (1000 - id), largest first.
        Assert.Equal(["site007.example", "site150.example"], await PageAsync(descending: true, page: 1));
    }

    [Fact]
    public async Task A_new_measuring_time_with_the_same_bytes_writes_nothing()
    {
        var recorder = new SiteDiskUsageRecorder(f.Db);
        await recorder.RecordAsync([Usage("site007.example", 1), Usage("site150.example", 9)]);

        Assert.True(await recorder.RecordAsync([Usage("site007.example", 1) with { MeasuredAt = Measured.AddHours(1) }, Usage("site150.example", 9) with { MeasuredAt = Measured.AddHours(1) }]));

        Assert.Equal(["site007.example|" + Measured.UtcTicks, "site150.example|" + Measured.UtcTicks],
            f.Database.Strings("SELECT Domain, DiskMeasuredAt FROM Sites WHERE Domain IN ('site007.example', 'site150.example') ORDER BY Domain"));
        Assert.Equal(["site150.example", "site007.example"], await PageAsync(descending: true, page: 1));
    }
}
