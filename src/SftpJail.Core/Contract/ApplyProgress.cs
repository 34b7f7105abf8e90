using SftpJail.Core.Planning;

namespace SftpJail.Core.Contract;

/// <summary>One step of an apply as it happens: <see cref="Index"/> (1-based) of <see cref="Total"/> planned actions.</summary>
/// <param name="Done">False when the step starts, true when it has been carried out.</param>
public sealed record ApplyProgressEvent(int Index, int Total, PlanStep Step, bool Done);

/// <summary>
/// Where the apply running in this async flow reports its steps. Ambient (an <see cref="AsyncLocal{T}"/>) rather than a
/// parameter so the gateways, the site service and the apply queue between a page and the executor's action runner keep
/// their signatures: whoever wants progress sets <see cref="Current"/> around the call; nobody listening costs nothing.
/// A step carries no secret (a password step names only the user).
/// </summary>
public static class ApplyProgress
{
    private static readonly AsyncLocal<IProgress<ApplyProgressEvent>?> Sink = new();

    public static IProgress<ApplyProgressEvent>? Current => Sink.Value;

    /// <summary>Sets the sink for the rest of this flow until the returned scope is disposed.</summary>
    public static IDisposable Listen(IProgress<ApplyProgressEvent> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var previous = Sink.Value;
        Sink.Value = sink;
        return new Scope(previous);
    }

    /// <summary>
    /// Sets every one of <paramref name="sinks"/> (none: nobody) as this flow's sink, replacing any inherited one: an apply
    /// queue runs one apply for several waiters on a worker that must not report to whoever happened to start it.
    /// </summary>
    public static IDisposable ListenAll(IReadOnlyList<IProgress<ApplyProgressEvent>> sinks)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        var previous = Sink.Value;
        Sink.Value = sinks.Count switch
        {
            0 => null,
            1 => sinks[0],
            _ => new Progress(e =>
            {
                foreach (var sink in sinks)
                {
                    sink.Report(e);
                }
            }),
        };
        return new Scope(previous);
    }

    /// <summary>A listener that throws must not fail the apply it watches.</summary>
    public static void Report(ApplyProgressEvent progress)
    {
        try
        {
            Sink.Value?.Report(progress);
        }
        catch (Exception)
        {
            // Progress is advisory; the final result still says everything.
        }
    }

    private sealed class Progress(Action<ApplyProgressEvent> report) : IProgress<ApplyProgressEvent>
    {
        public void Report(ApplyProgressEvent value) => report(value);
    }

    private sealed class Scope(IProgress<ApplyProgressEvent>? previous) : IDisposable
    {
        public void Dispose() => Sink.Value = previous;
    }
}
