using System.Diagnostics;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Core.Values;

// Figures only: nothing here passes or fails. Without a mode: how rendering and planning scale, and sshd -T's cost.
// Run: dotnet run -c Release --project tests/SftpJail.Benchmarks [-- 100 1000 10000]
//      dotnet run -c Release --project tests/SftpJail.Benchmarks -- <mode> [sizes...]   (modes: see BenchModes.Usage)
if (args.Length > 0 && BenchModes.IsMode(args[0]))
{
    return await BenchModes.RunAsync(args[0], args[1..]);
}

var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [100, 1_000, 10_000];
var profile = new HostProfileOptions { JailGroup = "sftpjail" }.ToProfile();
Console.WriteLine($"{"sites",8} {"special",8} {"parse ms",9} {"render ms",10} {"plan ms",8} {"drop-in KiB",12} {"Match blocks",13} {"alloc MiB",10}");
foreach (var size in sizes)
{
    var dto = SyntheticState.Create(size);
    GC.Collect();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    var desired = DesiredStateParser.Parse(dto, profile);
    var parseMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var dropIn = SshdDropInRenderer.Render(desired, profile);
    var target = TargetBuilder.Build(desired, profile);
    var renderMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var plan = Planner.Plan(target, SyntheticState.EmptyHost(), profile, []);
    var planMs = clock.Elapsed.TotalMilliseconds;
    var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / 1024.0;
    var special = desired.AllUsers.Count(p => p.User.ReadOnly || p.User.KeyOnly || p.User.Disabled);
    var matches = dropIn.Split('\n').Count(l => l.StartsWith("Match ", StringComparison.Ordinal));
    Console.WriteLine($"{size,8} {special,8} {parseMs,9:F1} {renderMs,10:F1} {planMs,8:F1} {dropIn.Length / 1024.0,12:F1} {matches,13} {allocated,10:F1}   ({plan.Actions.Count} actions)");
}

Console.WriteLine();
Console.WriteLine("sshd parses the whole drop-in on every connection: user traits are group memberships, so the drop-in has the same blocks at every size.");
await SshdParseCost.PrintAsync(profile, sizes);
return 0;

internal static class SyntheticState
{
    public static DesiredStateDto Create(int sites) => new(Enumerable.Range(0, sites)
        .Select(i => new SiteDto($"site{i}.example", true, [new JailUserDto($"user{i}", ReadOnly: i % 20 == 0, KeyOnly: i % 20 == 10, Disabled: false, Keys: [])]))
        .ToList());

    public static HostSnapshot EmptyHost() => new(
        new HashSet<string> { "www-data" },
        new Dictionary<string, ObservedUser>(),
        new Dictionary<string, ObservedDirectory>(),
        new Dictionary<string, string?>(),
        new List<AbsolutePath>(),
        ExecutorManifest.Empty);
}
