using System.Diagnostics;
using SftpJail.Core.Contract;

/// <summary>
/// Listens to an apply's steps (<see cref="ApplyProgress"/>) to say where one change's time went: before the first step
/// (the panel's database work, the state sent, the executor's inspect and plan), in each step, and after the last one
/// (recording the outcome, the audit). Synchronous: the action runner reports on its own thread.
/// </summary>
internal sealed class StepClock : IProgress<ApplyProgressEvent>
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Dictionary<int, double> started = [];
    private double firstStart = double.NaN;
    private double lastDone = double.NaN;

    public List<(string Step, double Ms)> Steps { get; } = [];

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
