using System.Diagnostics;

namespace SftpJail.Executor.Apply;

/// <summary>
/// Named phases of an apply (inspect, plan, record the index…) as <see cref="Activity"/> spans, so a benchmark or a
/// tracer can say where an apply's time went. Without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and a phase costs nothing.
/// </summary>
internal static class ApplyTiming
{
    public const string SourceName = "SftpJail.Executor.Apply";

    private static readonly ActivitySource Source = new(SourceName);

    public static System.Diagnostics.Activity? Phase(string name) => Source.StartActivity(name);

    public static T Time<T>(string name, Func<T> work)
    {
        using var phase = Phase(name);
        return work();
    }

    public static void Time(string name, Action work)
    {
        using var phase = Phase(name);
        work();
    }

    public static async Task<T> TimeAsync<T>(string name, Func<Task<T>> work)
    {
        using var phase = Phase(name);
        return await work();
    }
}
