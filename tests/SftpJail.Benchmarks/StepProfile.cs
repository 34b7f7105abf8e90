using System.Diagnostics;
using SftpJail.Core.Contract;

/// <summary>
/// Where an apply's time goes (set SJB_PROFILE=1): each step's wall time from its start event to its done event, summed
/// per step kind, and the time before the first step (checks, staging, planning) and after the last (manifest, unlock,
/// audit). Printed after the timed call; listening costs one clock read per event.
/// </summary>
internal sealed class StepProfile : IProgress<ApplyProgressEvent>
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Dictionary<string, (int Count, double Ms)> kinds = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private double started = -1;
    private double firstStep = -1;
    private double lastDone;

    public static bool Enabled => Environment.GetEnvironmentVariable("SJB_PROFILE") == "1";

    public static async Task<T> AroundAsync<T>(string label, Func<Task<T>> call)
    {
        if (!Enabled)
        {
            return await call();
        }

        var profile = new StepProfile();
        T result;
        using (ApplyProgress.Listen(profile))
        {
            result = await call();
        }

        profile.Print(label);
        return result;
    }

    public void Report(ApplyProgressEvent value)
    {
        var now = clock.Elapsed.TotalMilliseconds;
        lock (gate)
        {
            firstStep = firstStep < 0 ? now : firstStep;
            if (!value.Done)
            {
                started = now;
                return;
            }

            var kind = value.Step.Kind.ToString();
            var (count, ms) = kinds.GetValueOrDefault(kind);
            kinds[kind] = (count + 1, ms + (now - Math.Max(started, 0)));
            lastDone = now;
        }
    }

    private void Print(string label)
    {
        var total = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"  profile {label}: {total:F0} ms; before the first step {Math.Max(firstStep, 0):F0} ms, after the last {total - lastDone:F0} ms");
        foreach (var (kind, (count, ms)) in kinds.OrderByDescending(k => k.Value.Ms))
        {
            Console.WriteLine($"    {kind,-24} {count,7} steps {ms,10:F0} ms ({ms / Math.Max(count, 1):F2} ms each)");
        }
    }
}
