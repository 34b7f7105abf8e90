using SftpJail.Core.Planning;

namespace SftpJail.Core.Contract;

/// <summary>What would change on the host; <see cref="Error"/> is set when the desired state was refused.</summary>
public sealed record PlanResult(IReadOnlyList<PlanStep> Steps, string? Error = null)
{
    public bool IsEmpty => Error is null && Steps.Count == 0;
}

/// <summary>
/// Outcome of an apply. On failure the host was restored to its previous files and <see cref="Error"/> says why;
/// <see cref="Applied"/> lists what was done (and kept) before the failure.
/// </summary>
public sealed record ApplyResult(bool Succeeded, IReadOnlyList<PlanStep> Applied, string? Error = null, bool RolledBack = false)
{
    public static ApplyResult Refused(string error) => new(false, [], error);
}

/// <summary>Differences between the desired state and the host, each phrased as the step that would repair it.</summary>
public sealed record ReconcileResult(IReadOnlyList<PlanStep> Drift, string? Error = null)
{
    public bool InSync => Error is null && Drift.Count == 0;
}

public sealed record HostKeyFingerprint(string Algorithm, string Fingerprint);

public sealed record HostInfo(
    string SshdVersion,
    string Mode,
    string ListenAddress,
    int Port,
    IReadOnlyList<HostKeyFingerprint> HostKeys,
    string JailRoot,
    string JailGroup,
    string WebGroup,
    bool CanChangeHost);
