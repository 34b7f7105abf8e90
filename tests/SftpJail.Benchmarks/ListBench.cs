using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Data.Entities;
using SftpJail.Data.Services;

/// <summary>
/// Mode "list": the panel's sites list (SiteService.ListSitesAsync, the query the sites page runs) at N sites in the
/// database, first page, by domain, by status and with a search, against the same at 100 sites; p50/p95 and the RSS.
/// Rows are inserted directly: this measures the query, not the host.
/// </summary>
internal static class ListBench
{
    public static async Task RunAsync(int count, int queries)
    {
        await using var host = BenchHost.Create();
        var (small, large) = (await SeedAsync(host, "small.db", 100), await SeedAsync(host, "large.db", count));
        using var smallPanel = small;
        using var largePanel = large;
        Console.WriteLine($"list: {queries} queries of each kind at {count} sites vs 100 sites, interleaved");
        SiteQuery[] kinds = [new(), new(Sort: "status", Descending: true), new(Search: "s77"), new(Page: 2)];
        var (measured, floor) = (new List<double>(), new List<double>());
        for (var i = 0; i < queries; i++)
        {
            foreach (var query in kinds)
            {
                floor.Add(await TimeAsync(smallPanel, query));
                measured.Add(await TimeAsync(largePanel, query));
            }
        }

        Figures.Compare($"{count} sites: list", measured, floor, "ms", "100 sites");
        Console.WriteLine($"  p95 {Figures.Percentile(measured, 0.95):F1} ms at {count} sites, {Figures.Percentile(floor, 0.95):F1} ms at 100; p50 {Figures.Median(measured):F1} ms");
        GC.Collect();
        var rss = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        Console.WriteLine($"  process {rss.Replace("\t", " ", StringComparison.Ordinal)} (both databases open, after {measured.Count + floor.Count} queries); managed heap {GC.GetTotalMemory(false) / 1024.0 / 1024.0:F1} MiB");
    }

    private static async Task<double> TimeAsync(Panel panel, SiteQuery query)
    {
        var clock = Stopwatch.StartNew();
        var page = await panel.WithSitesAsync(s => s.ListSitesAsync(query));
        var ms = clock.Ms();
        return page.Items.Count == 0 && query.Search is null ? throw new InvalidOperationException("empty page") : ms;
    }

    internal static async Task<Panel> SeedAsync(BenchHost host, string file, int count)
    {
        var panel = await Panel.CreateAsync(Path.Combine(host.BaseDir, file), host.Engine);
        await using var scope = panel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < count; start += 1000)
        {
            for (var i = start; i < Math.Min(count, start + 1000); i++)
            {
                var site = new Site { Domain = $"s{i}.{host.Id}.example", CreatedAt = now, Status = i % 3 == 0 ? SiteStatus.Applied : SiteStatus.Pending };
                site.Users.Add(new SftpAccount { UserName = host.User("u" + i), HasPassword = true, CreatedAt = now, KeyOnly = Population.KeyOnly(i), ReadOnly = Population.ReadOnly(i) });
                db.Sites.Add(site);
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return panel;
    }
}
