using System.Diagnostics;
using SftpJail.Core.Contract;

/// <summary>
/// Mode "accounts": one apply that creates N jailed accounts (key-only and read-only mixed in, no passwords), to
/// show the host can hold 100,000: the time, the time per account, that every uid is in SftpJail's configured range
/// (Host:AccountIdMin/Max, above stock Debian's UID_MAX of 60,000 and its subordinate-id window) and that none got
/// subordinate uids or gids. Progress is printed every tenth of the steps.
/// </summary>
internal static class AccountsBench
{
    public const uint RangeMin = 700_000_000;
    public const uint RangeMax = 700_999_999;

    public static async Task RunAsync(int count)
    {
        await using var host = BenchHost.Create(o => (o.AccountIdMin, o.AccountIdMax) = (RangeMin, RangeMax));
        var key = await Population.PublicKeyAsync(host);
        Console.WriteLine($"accounts: one apply creating {count} accounts, uids in {RangeMin}-{RangeMax}");
        var clock = Stopwatch.StartNew();
        ApplyResult result;
        using (ApplyProgress.Listen(new Progress(clock)))
        {
            result = await host.Engine.ApplyAsync(Population.State(host, key, count, 1), []);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var mine = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).Where(f => f[0].StartsWith(host.Prefix, StringComparison.Ordinal)).ToList();
        var outside = mine.Count(f => uint.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture) is < RangeMin or > RangeMax);
        var subordinate = File.ReadLines("/etc/subuid").Concat(File.ReadLines("/etc/subgid")).Count(l => l.StartsWith(host.Prefix, StringComparison.Ordinal));
        Console.WriteLine($"accounts: {count} requested, apply {(result.Succeeded ? "succeeded" : "FAILED: " + result.Error)} in {seconds:F1} s " +
            $"({seconds * 1000 / Math.Max(1, count):F1} ms per account); {mine.Count} accounts on the host, {outside} with a uid outside the range, " +
            $"{subordinate} subordinate id ranges among them");
    }

    private sealed class Progress(Stopwatch clock) : IProgress<ApplyProgressEvent>
    {
        private int shown;

        public void Report(ApplyProgressEvent value)
        {
            if (value.Index == 1 && !value.Done)
            {
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,7:F0} s: planned, {value.Total} steps");
            }

            var tenth = value.Index * 10 / Math.Max(1, value.Total);
            if (value.Done && tenth > shown)
            {
                shown = tenth;
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,7:F0} s: step {value.Index} of {value.Total} ({value.Step.Kind})");
            }
        }
    }
}
