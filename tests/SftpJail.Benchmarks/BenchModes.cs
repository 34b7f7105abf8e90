using System.Globalization;

/// <summary>
/// The host benchmarks: each creates real users on its own dedicated sshd (root only), prints min/median against a
/// floor measured in the same run, and removes every user, group and directory it made, on Ctrl-C and errors too.
/// </summary>
internal static class BenchModes
{
    public const string Usage = """
        modes (root; each on its own dedicated sshd, cleaned up afterwards):
          login [sizes=100,1000] [rounds=5] [logins=10] password-login latency and sshd CPU per login vs one Match Group block
          change [existing=100] [rounds=5]             add / disable / key add / remove one customer vs by hand
          import [count=100] [rounds=2] [oneByOne=1]   import vs one newusers batch (+ dirs, one sshd -t/reload), vs useradd+chpasswd x N
          concurrent [count=50] [rounds=2]             count adds at once (panel service + CLI processes) vs one batch of count
          list [sites=10000] [queries=50]              the panel's sites list p50/p95 and RSS vs 100 sites
          accounts [count=100]                         one apply creating count accounts (100000 works; takes long)
          circuits [sites=10000] [circuits=20] [rounds=10] panel RSS per open circuit, sites-grid server time p50/p95 vs 100 sites
        """;

    private static readonly string[] Modes = ["login", "change", "import", "concurrent", "list", "accounts",
        "circuits"];

    public static bool IsMode(string arg) => Modes.Contains(arg) || arg is "help" or "--help";

    public static async Task<int> RunAsync(string mode, string[] args)
    {
        if (mode is "help" or "--help")
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (Environment.UserName != "root")
        {
            Console.Error.WriteLine("the host benchmarks create system users: run them as root");
            return 2;
        }

        // Ctrl-C: clean up, then stop; SIGTERM and unhandled errors the same way.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            Console.Error.WriteLine("interrupted: removing the benchmark's users, groups and directories");
            BenchHost.CleanUpAll();
            Environment.Exit(130);
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => BenchHost.CleanUpAll();
        var numbers = args.Select(a => a.Contains(',', StringComparison.Ordinal) ? 0 : int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        int Arg(int index, int fallback) => numbers.Length > index ? numbers[index] : fallback;
        try
        {
            await (mode switch
            {
                "login" => LoginBench.RunAsync(args.Length > 0 ? [.. args[0].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))] : [100], Arg(1, 5), Arg(2, 10)),
                "change" => ChangeBench.RunAsync(Arg(0, 100), Arg(1, 5)),
                "import" => ImportBench.RunAsync(Arg(0, 100), Arg(1, 2), Arg(2, 1) != 0),
                "concurrent" => ConcurrentBench.RunAsync(Arg(0, 50), Arg(1, 2)),
                "list" => ListBench.RunAsync(Arg(0, 10_000), Arg(1, 50)),
                "circuits" => CircuitsBench.RunAsync(Arg(0, 10_000), Arg(1, 20), Arg(2, 10)),
                _ => AccountsBench.RunAsync(Arg(0, 100)),
            });
            return 0;
        }
        finally
        {
            BenchHost.CleanUpAll();
        }
    }
}
