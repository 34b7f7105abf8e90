using System.Diagnostics;
using SftpJail.Core.Contract;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Services;
using SftpJail.Data.Services.Import;

/// <summary>
/// Mode "change": at N existing customers (added as the importer adds them, in batches), one customer added end to end
/// through the panel's SiteService (database, audit, executor, host), then disabled, given a key and removed, each
/// interleaved with doing the same by hand (<see cref="HandFloor"/>). Setup goes through the importer's batch (the fastest product
/// path), printing its progress; each product change prints where its time went (<see cref="StepClock"/>).
/// SJB_KEEP=&lt;dir&gt; keeps the N customers (users, directories, database) after the run and reuses them in the next run
/// with the same N and SJB_KEEP; SJB_CLEAN=1 with it removes them at the end of that run (rounds may be 0).
/// </summary>
internal static class ChangeBench
{
    private const int SetupBatch = 1000;

    public static async Task RunAsync(int existing, int rounds)
    {
        var keepDir = Environment.GetEnvironmentVariable("SJB_KEEP");
        var keepFile = string.IsNullOrEmpty(keepDir) ? null : Path.Combine(keepDir, $"change-{existing}.host");
        var kept = keepFile is not null && File.Exists(keepFile) ? File.ReadAllText(keepFile).Split(' ') : null;
        await using var host = kept is null ? BenchHost.Create() : BenchHost.Reuse(kept[0], int.Parse(kept[1], System.Globalization.CultureInfo.InvariantCulture));
        if (kept is not null && Environment.GetEnvironmentVariable("SJB_CLEAN") == "1")
        {
            // Removed when this run ends, as any other host (a crash or Ctrl-C included).
            host.Keep = false;
            File.Delete(keepFile!);
        }

        var key = await Population.PublicKeyAsync(host);
        using var panel = await Panel.CreateAsync(Path.Combine(host.BaseDir, "sftpjail.db"), host.Engine);
        var clock = Stopwatch.StartNew();
        var actor = new Actor("bench");
        if (kept is null)
        {
            var imported = await AddInBatchesAsync(panel, host, key, existing);
            if (!imported.Succeeded)
            {
                throw new InvalidOperationException($"the batch of {existing} failed: {imported.Error}");
            }

            Console.WriteLine($"change: {existing} existing customers added in batches of {SetupBatch} in {clock.Elapsed.TotalSeconds:F1} s; {rounds} rounds, product and by-hand interleaved");
            if (keepFile is not null)
            {
                Directory.CreateDirectory(keepDir!);
                await File.WriteAllTextAsync(keepFile, FormattableString.Invariant($"{host.Id} {host.Port}"));
                host.Keep = true;
            }
        }
        else
        {
            // The sshd was stopped when the last run ended: an apply of the unchanged state starts it (and warms up the code).
            var started = await panel.WithSitesAsync(s => s.ApplyAsync(actor));
            Console.WriteLine($"change: reusing the {existing} customers kept in {host.BaseDir}; first apply {(started.Succeeded ? "ok" : started.Error)} in {clock.Elapsed.TotalSeconds:F1} s; {rounds} rounds");
        }
        await host.StartFloorSshdAsync("floor-sshd", host.OneBlockDropIn());
        var hand = new HandFloor(host, host.FloorConfigPath("floor-sshd"), Path.Combine(Path.GetDirectoryName(host.FloorConfigPath("floor-sshd"))!, "sshd.pid"));
        var run = host.Keep || kept is not null ? new string(Enumerable.Range(0, 2).Select(_ => (char)('a' + Random.Shared.Next(26))).ToArray()) : string.Empty;
        var product = new Dictionary<string, List<double>> { ["add"] = [], ["disable"] = [], ["key add"] = [], ["remove"] = [] };
        var floor = product.Keys.ToDictionary(k => k, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            // A kept host outlives the run: its round users get a name of this run, so a crashed round never collides with the next.
            var domain = $"a{run}{round}.{host.Id}.example";
            var user = host.User("a" + run + round);
            var handUser = host.User("h" + run + round);
            var password = Population.Password(round);

            async Task Product()
            {
                await Timed("add", product["add"], () => panel.WithSitesAsync(s => s.AddSiteAsync(new NewSiteRequest(domain, user, password), actor)));
                await Timed("disable", product["disable"], () => panel.WithSitesAsync(s => s.SetUserDisabledAsync(user, true, actor)));
                await Timed("key add", product["key add"], () => panel.WithSitesAsync(s => s.AddKeyAsync(user, key, actor)));
                await Timed("remove", product["remove"], () => panel.WithSitesAsync(s => s.RemoveSiteAsync(domain, actor)));
            }

            async Task Floor()
            {
                await TimedHand(floor["add"], () => hand.AddAsync(handUser, password));
                await TimedHand(floor["disable"], () => hand.DisableAsync(handUser));
                await TimedHand(floor["key add"], () => hand.AddKeyAsync(handUser, key));
                await TimedHand(floor["remove"], () => hand.RemoveAsync(handUser));
            }

            await Interleave.RoundAsync(round, Product, Floor);
            Console.WriteLine($"  round {round + 1}/{rounds}: product add {product["add"][^1]:F0} ms, disable {product["disable"][^1]:F0} ms, key add {product["key add"][^1]:F0} ms, remove {product["remove"][^1]:F0} ms; " +
                $"by hand {floor["add"][^1]:F0} / {floor["disable"][^1]:F0} / {floor["key add"][^1]:F1} / {floor["remove"][^1]:F0} ms");
        }

        foreach (var step in product.Keys)
        {
            Figures.Compare($"{existing}: {step}", product[step], floor[step], "ms", "by hand");
        }
    }

    /// <summary>
    /// The setup: the customers the import would make (<see cref="Population.Csv"/>'s rows), added through the batch the
    /// importer applies (one transaction, one apply each), <see cref="SetupBatch"/> at a time, printing each batch. Not the
    /// importer itself nor one batch of all: at 10,000 rows its row checks and preview ran past 15 minutes here, and one
    /// batch's staging did too (each site's SaveChanges scans every entity tracked so far: quadratic in the batch).
    /// </summary>
    private static async Task<OperationResult> AddInBatchesAsync(Panel panel, BenchHost host, string key, int count)
    {
        var clock = Stopwatch.StartNew();
        var result = new OperationResult(true, null, [], null);
        for (var from = 0; from < count && result.Succeeded; from += SetupBatch)
        {
            var sites = Enumerable.Range(from, Math.Min(SetupBatch, count - from))
                .Select(i => new BatchSite($"u{i}.{host.Id}.example", null, [new BatchUser($"row {i + 1}", host.User("u" + i),
                    Population.KeyOnly(i) ? null : Population.Password(i), Population.KeyOnly(i) ? [key] : [], Population.ReadOnly(i), Population.KeyOnly(i))]))
                .ToList();
            await using var scope = panel.Services.CreateAsyncScope();
            result = await scope.ServiceProvider.GetRequiredService<ISiteBatch>().AddSitesAsync(sites, new Actor("bench"), previewedPlan: null);
            Console.WriteLine($"  setup: {from + sites.Count}/{count} customers at {clock.Elapsed.TotalSeconds:F0} s");
        }

        return result;
    }

    private static async Task Timed(string what, List<double> into, Func<Task<OperationResult>> change)
    {
        using var steps = new StepClock();
        var clock = Stopwatch.StartNew();
        OperationResult result;
        using (ApplyProgress.Listen(steps))
        {
            result = await change();
        }

        into.Add(clock.Ms());
        Console.WriteLine($"    {what}: {into[^1]:F0} ms = {steps.Breakdown(into[^1])}");
        Console.WriteLine($"      phases (ms): {steps.Phases()}");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"a panel change failed: {result.Error}");
        }
    }

    private static async Task TimedHand(List<double> into, Func<Task> change)
    {
        var clock = Stopwatch.StartNew();
        await change();
        into.Add(clock.Ms());
    }
}
