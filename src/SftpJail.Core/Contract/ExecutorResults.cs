using SftpJail.Core.Planning;

namespace SftpJail.Core.Contract;

/// <summary>What would change on the host; <see cref="Error"/> is set when the desired state was refused.</summary>
public sealed record PlanResult(IReadOnlyList<PlanStep> Steps, string? Error = null)
{
    public bool IsEmpty => Error is null && Steps.Count == 0;
}

/// <summary>
/// Outcome of an apply. <see cref="WasRefused"/>: the executor turned the desired state down before changing anything
/// (invalid, not appliable to this host, the lock-out guard). Anything else that did not succeed failed, an internal
/// error with nothing applied yet included: <see cref="Error"/> says why, <see cref="Applied"/> lists what was done
/// (and kept) before the failure, and <see cref="RolledBack"/> whether the previous files were restored.
/// <see cref="Generation"/>: on success, the generation the host now has (it may be a newer state that included this
/// one, applied together with it); on a refusal as stale, the newer generation already applied.
/// </summary>
public sealed record ApplyResult(bool Succeeded, IReadOnlyList<PlanStep> Applied, string? Error = null, bool RolledBack = false, bool WasRefused = false, long? Generation = null)
{

    public static ApplyResult Refused(string error) => new(false, [], error, WasRefused: true);

    /// <summary>The state was built before a newer one was applied: nothing changed, build it again from the latest.</summary>
    public static ApplyResult Stale(long requested, long applied) =>
        new(false, [], $"The state (generation {requested}) is older than the one already applied (generation {applied}); nothing was changed.", WasRefused: true, Generation: applied);

    /// <summary>True for a refusal because a newer generation was applied first.</summary>
    public bool IsStale => WasRefused && !Succeeded && Generation is not null;

    public static ApplyResult Failed(string error, IReadOnlyList<PlanStep>? applied = null) => new(false, applied ?? [], error);

    /// <summary>A refusal that changed nothing; audited "refused" rather than "failed".</summary>
    public bool IsRefusal => !Succeeded && WasRefused && Applied.Count == 0 && !RolledBack;
}

/// <summary>Differences between the desired state and the host, each phrased as the step that would repair it.</summary>
public sealed record ReconcileResult(IReadOnlyList<PlanStep> Drift, string? Error = null)
{

    public bool InSync => Error is null && Drift.Count == 0;
}

public sealed record HostKeyFingerprint(string Algorithm, string Fingerprint);

/// <param name="WebServer">The web server whose vhosts the executor manages; null when it manages none.</param>
public sealed record HostInfo(
    string SshdVersion,
    string Mode,
    string ListenAddress,
    int Port,
    IReadOnlyList<HostKeyFingerprint> HostKeys,
    string JailRoot,
    string JailGroup,
    string WebGroup,
    bool CanChangeHost,
    WebServerInfo? WebServer = null)
{
    /// <summary>Which disk limit is in force, layout warnings, and the last usage measurements.</summary>
    public DiskLimitStatus? Disk { get; init; }
}
