using SftpJail.Executor.Apply;

namespace SftpJail.Host.Tests.Apply.FaultInjection;

/// <summary>
/// Makes the <see cref="Index"/>-th fault point an apply reaches go wrong the way it would on a real host: a host
/// command or write failing before a step ("before …"), the disk full when the intent or the manifest is written, and
/// <c>kill -9</c> (no catch, no rollback, no recording) after a step has changed the host or between the final
/// bookkeeping steps. <see cref="Fired"/> false after the apply: it had fewer points, so every one has been tried.
/// </summary>
internal sealed class FaultAtPoint(int index)
{
    private const int NoSpaceLeftOnDevice = 28;
    private int reached;

    public int Index => index;

    public bool Fired { get; private set; }

    public string? Point { get; private set; }

    public string Kind { get; private set; } = "none";

    public void At(string point)
    {
        if (reached++ != index)
        {
            return;
        }

        Fired = true;
        Point = point;
        if (point.StartsWith("before ", StringComparison.Ordinal))
        {
            Kind = "failure";
            throw new IOException($"injected failure {point}");
        }

        if (point is "write intent" or "save manifest")
        {
            Kind = "disk full";
            throw new IOException("No space left on device", NoSpaceLeftOnDevice);
        }

        Kind = "kill -9";
        throw new SimulatedCrashException(point);
    }
}
