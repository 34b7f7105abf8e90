namespace SftpJail.Core.Planning;

/// <summary>The ordered changes that bring the host to the target. Empty when the host already matches.</summary>
public sealed record HostPlan(IReadOnlyList<HostAction> Actions)
{
    /// <summary>Inserts an action before the first sshd config write (or at the end): a change the executor plans itself.</summary>
    public HostPlan InsertBeforeSshd(HostAction action)
    {
        var index = Actions.ToList().FindIndex(a => a is WriteFileAction { File.Role: FileRole.SshdConfig } or ReloadSshdAction or RemoveUserAction or ArchiveSiteAction);
        var actions = Actions.ToList();
        actions.Insert(index < 0 ? actions.Count : index, action);
        return new HostPlan(actions);
    }

    public bool IsEmpty => Actions.Count == 0;

    public IReadOnlyList<PlanStep> Steps => Actions.SelectMany(a => a.DescribeAll()).ToList();
}

/// <summary>The desired state cannot be applied to this host as it is (a name taken by a system account, a missing group).</summary>
public sealed class PlanRefusedException(string message) : Exception(message);
