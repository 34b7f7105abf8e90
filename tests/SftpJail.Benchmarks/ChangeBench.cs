using System.Diagnostics;
using SftpJail.Data.Services;

/// <summary>
/// Mode "change": at N existing customers (imported through the panel's importer), one customer added end to end
/// through the panel's SiteService (database, audit, executor, host), then disabled, given a key and removed, each
/// interleaved with doing the same by hand (<see cref="HandFloor"/>).
/// </summary>
internal static class ChangeBench
{
    public static async Task RunAsync(int existing, int rounds)
    {
        await using var host = BenchHost.Create();
        var key = await Population.PublicKeyAsync(host);
        using var panel = await Panel.CreateAsync(Path.Combine(host.BaseDir, "sftpjail.db"), host.Engine);
        var clock = Stopwatch.StartNew();
        var imported = await panel.ImportAsync(Population.Csv(host, key, 0, existing));
        if (!imported.Succeeded)
        {
            throw new InvalidOperationException($"import of {existing} failed: {imported.Error} {string.Join("; ", imported.Errors.Take(3))}");
        }

        Console.WriteLine($"change: {existing} existing customers imported in {clock.Elapsed.TotalSeconds:F1} s; {rounds} rounds, product and by-hand interleaved");
        await host.StartFloorSshdAsync("floor-sshd", host.OneBlockDropIn());
        var hand = new HandFloor(host, host.FloorConfigPath("floor-sshd"), Path.Combine(Path.GetDirectoryName(host.FloorConfigPath("floor-sshd"))!, "sshd.pid"));
        var actor = new Actor("bench");
        var product = new Dictionary<string, List<double>> { ["add"] = [], ["disable"] = [], ["key add"] = [], ["remove"] = [] };
        var floor = product.Keys.ToDictionary(k => k, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            var domain = $"a{round}.{host.Id}.example";
            var user = host.User("a" + round);
            var handUser = host.User("h" + round);
            var password = Population.Password(round);

            async Task Product()
            {
                await Timed(product["add"], () => panel.WithSitesAsync(s => s.AddSiteAsync(new NewSiteRequest(domain, user, password), actor)));
                await Timed(product["disable"], () => panel.WithSitesAsync(s => s.SetUserDisabledAsync(user, true, actor)));
                await Timed(product["key add"], () => panel.WithSitesAsync(s => s.AddKeyAsync(user, key, actor)));
                await Timed(product["remove"], () => panel.WithSitesAsync(s => s.RemoveSiteAsync(domain, actor)));
            }

            async Task Floor()
            {
                await TimedHand(floor["add"], () => hand.AddAsync(handUser, password));
                await TimedHand(floor["disable"], () => hand.DisableAsync(handUser));
                await TimedHand(floor["key add"], () => hand.AddKeyAsync(handUser, key));
                await TimedHand(floor["remove"], () => hand.RemoveAsync(handUser));
            }

            await Interleave.RoundAsync(round, Product, Floor);
        }

        foreach (var step in product.Keys)
        {
            Figures.Compare($"{existing}: {step}", product[step], floor[step], "ms", "by hand");
        }
    }

    private static async Task Timed(List<double> into, Func<Task<OperationResult>> change)
    {
        var clock = Stopwatch.StartNew();
        var result = await change();
        into.Add(clock.Ms());
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
