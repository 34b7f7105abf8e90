namespace SftpJail.Executor.Apply;

/// <summary>
/// The named points of an apply where a test can make it fail or stop dead: before and after each host change, when
/// the intent is written, when the manifest is saved, before accounts are unlocked. Production code never sets an
/// injector, so <see cref="At"/> does nothing there.
/// </summary>
internal sealed class ApplyFaults
{
    /// <summary>Test-only: called with each point's name as the apply reaches it; may throw.</summary>
    public Action<string>? Injector { get; set; }

    public void At(string point) => Injector?.Invoke(point);
}

/// <summary>
/// Stands for <c>kill -9</c> in a fault-injection test: the executor catches it nowhere, so nothing is rolled back,
/// recorded or unlocked, exactly as if the process had died at that point.
/// </summary>
internal sealed class SimulatedCrashException(string point) : Exception($"simulated crash at {point}")
{
    public string Point { get; } = point;
}
