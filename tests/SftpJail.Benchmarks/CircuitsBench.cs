using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SftpJail.Data;

/// <summary>
/// Mode "circuits": the real panel process over 10,000 sites and, in the same run, over 100 (the floor). Real Chromium
/// signs in (first-admin setup, TOTP enrolment), opens N interactive circuits on /sites and drives the grid: paging,
/// sorting, the customer filter, search as you type, and a status-filtered visit. Prints the panel's RSS before, with N
/// circuits and per circuit, and the grid's server time per data request (the panel's own SitesGrid timing log, not
/// browser round-trips): p50/p95 per kind and overall, against the floor.
/// </summary>
internal static partial class CircuitsBench
{
    private static readonly string[] Kinds = ["page", "sort", "filter", "search", "visit"];

    public static async Task RunAsync(int sites, int circuits, int rounds)
    {
        await using var host = BenchHost.Create();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => PanelProcess.KillAll();
        Console.WriteLine($"circuits: {sites} sites vs 100 sites, {circuits} circuits each, {rounds} rounds of {string.Join('/', Kinds)}; load average {LoadAverage()}");
        var largeDb = await SeedAsync(host, "large", sites);
        var smallDb = await SeedAsync(host, "small", 100);
        Console.WriteLine("  seeded; starting both panels");
        await using var large = await PanelProcess.StartAsync(Path.Combine(host.BaseDir, "large"), largeDb, host.Jail);
        await using var small = await PanelProcess.StartAsync(Path.Combine(host.BaseDir, "small"), smallDb, host.Jail);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

        var sides = new[] { new Side($"{sites} sites", large), new Side("100 sites", small) };
        foreach (var side in sides)
        {
            await side.OpenAsync(browser, circuits);
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < Kinds.Length; k++)
            {
                var (kind, slot) = (Kinds[k], (round * Kinds.Length) + k);
                await Interleave.RoundAsync(round + k, () => sides[0].DriveAsync(kind, slot, round), () => sides[1].DriveAsync(kind, slot, round));
            }

            Console.WriteLine($"  round {round + 1}/{rounds} done ({sides[0].All.Count} and {sides[1].All.Count} grid queries timed); load average {LoadAverage()}");
        }

        foreach (var side in sides)
        {
            await side.CloseAsync();
        }

        Report(sides[0], sides[1], circuits);
    }

    private static void Report(Side measured, Side floor, int circuits)
    {
        Console.WriteLine();
        foreach (var side in new[] { measured, floor })
        {
            var perCircuit = (side.RssWith - side.RssBefore) / circuits;
            Console.WriteLine($"  {side.Name}: RSS {side.RssBefore:F0} MiB signed in, no circuit; {side.RssWith:F0} MiB ({side.RssWith * 1.048576:F0} MB) with {circuits} circuits " +
                $"= {perCircuit:F2} MiB per circuit; {side.RssAfter:F0} MiB after closing them. Grid queries per /sites visit: {side.QueriesPerVisit}");
            Console.WriteLine($"    anonymous/file-backed RSS: {side.SplitBefore.Anon:F0}/{side.SplitBefore.File:F0} MiB signed in, no circuit; " +
                $"{side.SplitWith.Anon:F0}/{side.SplitWith.File:F0} MiB with {circuits} circuits");
        }

        foreach (var kind in Kinds)
        {
            Figures.Compare($"grid server time: {kind}", measured.ByKind[kind], floor.ByKind[kind], "ms", floor.Name);
        }

        Console.WriteLine($"  panel CPU per grid query (user+system over all actions, incl. rendering): {measured.Name} {measured.CpuMs / Math.Max(1, measured.All.Count):F1} ms; " +
            $"{floor.Name} {floor.CpuMs / Math.Max(1, floor.All.Count):F1} ms");
        var (p50, p95) = (Figures.Median(measured.All), Figures.Percentile(measured.All, 0.95));
        Console.WriteLine($"  all grid queries: {measured.Name} p50 {p50:F1} ms, p95 {p95:F1} ms (n={measured.All.Count}); " +
            $"{floor.Name} p50 {Figures.Median(floor.All):F1} ms, p95 {Figures.Percentile(floor.All, 0.95):F1} ms (n={floor.All.Count})");
        Console.WriteLine($"  goals: p95 <= 50 ms server time: {(p95 <= 50 ? "met" : "missed")}; <= 200 MB RSS with {circuits} circuits: {(measured.RssWith * 1.048576 <= 200 ? "met" : "missed")}");
    }

    /// <summary>The product's schema (its migrations) and entities, rows inserted directly as the list benchmark does; every 20th site disabled.</summary>
    private static async Task<string> SeedAsync(BenchHost host, string name, int count)
    {
        Directory.CreateDirectory(Path.Combine(host.BaseDir, name));
        var file = Path.Combine(host.BaseDir, name, "panel.db");
        using var panel = await ListBench.SeedAsync(host, file, count);
        await using var scope = panel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
        await db.Sites.Where(s => s.Id % 20 == 0).ExecuteUpdateAsync(u => u.SetProperty(s => s.Enabled, false));
        return file;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>One panel, its browser context (signed in) and its open /sites pages, and the figures measured on it.</summary>
    private sealed partial class Side(string name, PanelProcess panel)
    {
        private readonly List<IPage> pages = [];
        private IBrowserContext? context;

        public string Name => name;

        public double RssBefore { get; private set; }

        public double RssWith { get; private set; }

        public double RssAfter { get; private set; }

        public (double Anon, double File) SplitBefore { get; private set; }

        public (double Anon, double File) SplitWith { get; private set; }

        public int QueriesPerVisit { get; private set; }

        public Dictionary<string, List<double>> ByKind { get; } = Kinds.ToDictionary(k => k, _ => new List<double>());

        public List<double> All { get; } = [];

        public double CpuMs { get; private set; }

        public async Task OpenAsync(IBrowser browser, int circuits)
        {
            context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BaseURL = panel.BaseUrl });
            context.SetDefaultTimeout(300_000); // sign-in and navigation on a machine at load 100
            var first = await context.NewPageAsync();
            await SignInAsync(first);

            // Warm-up visit (JIT, EF model, first queries), counting the grid queries one visit costs.
            var before = panel.GridQueries.Count;
            await first.GotoAsync("sites");
            QueriesPerVisit = (await panel.QueriesAfterAsync(before, TimeSpan.FromSeconds(3), $"{name}: first visit")).Count;
            await first.CloseAsync();
            await SettleAsync();
            RssBefore = panel.RssMiB();
            SplitBefore = panel.RssSplitMiB();

            for (var i = 0; i < circuits; i++)
            {
                var page = await context.NewPageAsync();
                await VisitAsync(page, "sites");
                pages.Add(page);
            }

            await SettleAsync();
            RssWith = panel.RssMiB();
            SplitWith = panel.RssSplitMiB();
            Console.WriteLine($"  {name}: {circuits} circuits open; RSS {RssBefore:F0} -> {RssWith:F0} MiB");
            await HoldAsync();
        }

        /// <summary>
        /// SFTPJAIL_BENCH_HOLD=file: with the circuits open, waits while that file exists, so the panel (pid printed) can be
        /// inspected (smaps, dotnet-counters, dotnet-gcdump) in exactly the state the RSS figure is taken in.
        /// </summary>
        private async Task HoldAsync()
        {
            if (Environment.GetEnvironmentVariable("SFTPJAIL_BENCH_HOLD") is not { Length: > 0 } file || !File.Exists(file))
            {
                return;
            }

            Console.WriteLine($"  {name}: holding (panel pid {panel.ProcessId}) while {file} exists");
            while (File.Exists(file))
            {
                await Task.Delay(500);
            }
        }

        /// <summary>One grid action on one of the open pages; every grid query it causes is timed by the panel.</summary>
        public async Task DriveAsync(string kind, int slot, int round)
        {
            var page = pages[slot % pages.Count];
            var cpu = panel.CpuMs();
            var before = panel.GridQueries.Count;
            switch (kind)
            {
                case "page":
                    await page.Locator(".mud-table-pagination-actions button").Nth(2).ClickAsync();
                    break;
                case "sort":
                    string[] columns = ["Domain", "Users", "Status", "Last applied"];
                    await page.Locator("th .sortable-column-header", new() { HasText = columns[round % columns.Length] }).First.ClickAsync();
                    break;
                case "filter":
                    // Customer e-mail contains: a match-nothing filter and back, both SQL.
                    var customer = page.Locator("[data-customer-filter] input, input[data-customer-filter]").First;
                    await customer.FillAsync(await customer.InputValueAsync() == "" ? "owner@" : "");
                    break;
                case "search":
                    // Search as you type: a pause after each key longer than the field's debounce, so each key queries.
                    var search = page.Locator("[data-search] input, input[data-search]").First;
                    if (await search.InputValueAsync() != "")
                    {
                        await search.FillAsync("");
                        await panel.QueriesAfterAsync(before, TimeSpan.FromMilliseconds(700), $"{name}: clear search");
                        before = panel.GridQueries.Count;
                    }

                    await search.PressSequentiallyAsync($"s{(round % 9) + 1}7", new() { Delay = 450 });
                    break;
                default:
                    // A status-filtered visit: the grid's first query in a new circuit (status from the address).
                    string[] statuses = ["Disabled", "Applied", "Pending"];
                    await VisitAsync(page, $"sites?status={statuses[round % statuses.Length]}");
                    break;
            }

            var times = await panel.QueriesAfterAsync(before, TimeSpan.FromMilliseconds(700), $"{name}: {kind}");
            ByKind[kind].AddRange(times);
            All.AddRange(times);
            CpuMs += panel.CpuMs() - cpu;
        }

        public async Task CloseAsync()
        {
            foreach (var page in pages)
            {
                await page.CloseAsync();
            }

            await SettleAsync();
            RssAfter = panel.RssMiB();
            await context!.CloseAsync();
        }

        /// <summary>
        /// Longer than the panel's native-heap trim interval (NativeHeapTrimmer, 10 s), so RSS is read in the state open circuits stay in, not in
        /// the few seconds after a burst of compiles before the freed native memory is handed back.
        /// </summary>
        private static Task SettleAsync() => Task.Delay(TimeSpan.FromSeconds(12));

        /// <summary>Loads the page and waits for its circuit's first grid query (the prerendered page has no rows yet).</summary>
        private async Task VisitAsync(IPage page, string path)
        {
            var before = panel.GridQueries.Count;
            await page.GotoAsync(path);
            await panel.QueriesAfterAsync(before, TimeSpan.FromMilliseconds(300), $"{name}: visit {path}");
        }

        /// <summary>The one-time setup link makes the first Admin (Staff rights on /sites), who enrols an authenticator (TOTP).</summary>
        private async Task SignInAsync(IPage page)
        {
            await page.GotoAsync(panel.SetupLink);
            await page.FillAsync("#email", "bench-admin@panel.test");
            await page.FillAsync("#password", "granite-Harbor-lantern-93");
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(EnableAuthenticator(), new() { Timeout = 300_000 });
            var key = (await page.TextContentAsync("[data-shared-key]"))!.Trim();
            await page.FillAsync("#code", SftpJail.Web.Tests.Fixtures.Totp.Fresh(key));
            await page.ClickAsync("form:has(#code) button[type=submit]");
            await page.WaitForSelectorAsync("[data-recovery-codes]", new() { Timeout = 300_000 });
        }

        [GeneratedRegex("EnableAuthenticator")]
        private static partial Regex EnableAuthenticator();
    }
}
