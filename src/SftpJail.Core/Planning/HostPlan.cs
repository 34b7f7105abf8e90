namespace SftpJail.Core.Planning;

/// <summary>The ordered changes that bring the host to the target. Empty when the host already matches.</summary>
public sealed record HostPlan(IReadOnlyList<HostAction> Actions)
{
    public bool IsEmpty => Actions.Count == 0;

    public IReadOnlyList<PlanStep> Steps => Actions.Select(a => a.Describe()).ToList();
}

/// <summary>The desired state cannot be applied to this host as it is (a name taken by a system account, a missing group).</summary>
public sealed class PlanRefusedException(string message) : Exception(message);
