using System.Diagnostics;
using SftpJail.Core.Contract;

/// <summary>
/// Listens to an apply's steps (<see cref="ApplyProgress"/>) to say where one change's time went: before the first step
/// (the panel's database work, the state sent, the executor's inspect and plan), in each step, and after the last one
/// (recording the outcome, the audit). Synchronous: the action runner reports on its own thread. It also listens to the
/// panel's and the executor's named phases (their <see cref="ActivitySource"/>s, "SftpJail.*") and sums each phase's time.
/// </summary>
internal sealed class StepClock : IProgress<ApplyProgressEvent>, IDisposable
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Dictionary<int, double> started = [];
    private readonly ActivityListener listener;
    private readonly Lock gate = new();
    private readonly List<string> phaseOrder = [];
    private readonly Dictionary<string, (int Count, double Ms)> phases = new(StringComparer.Ordinal);
    private double firstStart = double.NaN;
    private double lastDone = double.NaN;

    public StepClock()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("SftpJail.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public List<(string Step, double Ms)> Steps { get; } = [];

    /// <summary>Each named phase with its summed time (and count when it ran more than once), in the order they first ended; those under 1 ms left out.</summary>
    public string Phases()
    {
        lock (gate)
        {
            return string.Join(", ", phaseOrder.Select(name => (name, phases[name])).Where(p => p.Item2.Ms >= 1)
                .Select(p => p.Item2.Count > 1 ? $"{p.name} {p.Item2.Ms:F0}×{p.Item2.Count}" : $"{p.name} {p.Item2.Ms:F0}"));
        }
    }

    public void Dispose() => listener.Dispose();

    private void Stopped(Activity activity)
    {
        lock (gate)
        {
            if (!phases.TryGetValue(activity.OperationName, out var sum))
            {
                phaseOrder.Add(activity.OperationName);
            }

            phases[activity.OperationName] = (sum.Count + 1, sum.Ms + activity.Duration.TotalMilliseconds);
        }
    }

    public void Report(ApplyProgressEvent value)
    {
        var now = clock.Ms();
        if (!value.Done)
        {
            started[value.Index] = now;
            firstStart = double.IsNaN(firstStart) ? now : firstStart;
            return;
        }

        lastDone = now;
        Steps.Add(($"{value.Step.Kind} {value.Step.Target}", now - started.GetValueOrDefault(value.Index, now)));
    }

    /// <summary>One line: before the steps, the steps (the slowest three named), after them, of a change that took <paramref name="totalMs"/>.</summary>
    public string Breakdown(double totalMs)
    {
        if (Steps.Count == 0)
        {
            return $"no host step, {totalMs:F0} ms in all";
        }

        var slowest = string.Join(", ", Steps.OrderByDescending(s => s.Ms).Take(3).Select(s => $"{Short(s.Step)} {s.Ms:F0}"));
        return $"before steps {firstStart:F0} ms, {Steps.Count} steps {lastDone - firstStart:F0} ms (slowest: {slowest}), after {totalMs - lastDone:F0} ms";
    }

    private static string Short(string step) => step.Length > 48 ? step[..48] + "…" : step;
}
