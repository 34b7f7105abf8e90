namespace SftpJail.Core.Planning;

/// <summary>The ordered changes that bring the host to the target. Empty when the host already matches.</summary>
public sealed record HostPlan(IReadOnlyList<HostAction> Actions)
{
    /// <summary>
    /// Inserts an action the executor plans itself (the vhost change set) right after sshd has taken its new
    /// configuration, or, when sshd has nothing to reload, before the removals. A rejected sshd config then leaves
    /// the web server untouched, and sites are unpublished before their users and files go.
    /// </summary>
    public HostPlan InsertAfterSshd(HostAction action)
    {
        var actions = Actions.ToList();
        var reload = actions.FindIndex(a => a is ReloadSshdAction);
        var firstRemoval = actions.FindIndex(a => a is RemoveUserAction or ArchiveSiteAction);
        var index = reload >= 0 ? reload + 1 : firstRemoval >= 0 ? firstRemoval : actions.Count;
        actions.Insert(index, action);
        return new HostPlan(actions);
    }

    public bool IsEmpty => Actions.Count == 0;

    public IReadOnlyList<PlanStep> Steps => Actions.SelectMany(a => a.DescribeAll()).ToList();
}

/// <summary>The desired state cannot be applied to this host as it is (a name taken by a system account, a missing group).</summary>
public sealed class PlanRefusedException(string message) : Exception(message);
