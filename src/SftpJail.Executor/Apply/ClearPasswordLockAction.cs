using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Executor.Apply;

/// <summary>A managed account with the bare "!" earlier versions left: sshd (UsePAM no) refuses its keys until it is "*".</summary>
internal sealed record ClearPasswordLockAction(LinuxUserName Name) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.UpdateUser, Name.Value,
        "no password instead of a locked one ('!' → '*'), so sshd accepts its keys");
}
