using System.Diagnostics;

/// <summary>
/// Mode "accounts": one apply that creates N jailed accounts (key-only and read-only mixed in, no passwords), to
/// show the host can hold 100,000: the time, the time per account, and that none got subordinate uids or gids.
/// </summary>
internal static class AccountsBench
{
    public static async Task RunAsync(int count)
    {
        await using var host = BenchHost.Create();
        var key = await Population.PublicKeyAsync(host);
        var clock = Stopwatch.StartNew();
        var result = await host.Engine.ApplyAsync(Population.State(host, key, count, 1), []);
        var seconds = clock.Elapsed.TotalSeconds;
        var made = File.ReadLines("/etc/passwd").Count(l => l.StartsWith(host.Prefix, StringComparison.Ordinal));
        var subordinate = File.ReadLines("/etc/subuid").Concat(File.ReadLines("/etc/subgid")).Count(l => l.StartsWith(host.Prefix, StringComparison.Ordinal));
        Console.WriteLine($"accounts: {count} requested, apply {(result.Succeeded ? "succeeded" : "FAILED: " + result.Error)} in {seconds:F1} s " +
            $"({seconds * 1000 / Math.Max(1, count):F1} ms per account); {made} accounts on the host, {subordinate} subordinate id ranges among them");
    }
}
