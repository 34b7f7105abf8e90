using SftpJail.Core.Planning;

namespace SftpJail.Executor.Apply;

/// <summary>
/// A managed account that was deleted outside SftpJail, created again with the uid it had (its files in the jail are
/// still owned by that uid) and, when a hash was kept, the password it had.
/// </summary>
internal sealed record RecreateUserAction(JailUserTarget Target, uint Uid, bool RestoresPassword) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.CreateUser, Target.Name.Value,
        $"recreate with uid {Uid} (deleted outside SftpJail), home {Target.Home}, shell {Target.Shell}, groups {string.Join(',', Target.Groups.Select(g => g.Value))}"
        + (Target.Expired ? ", disabled" : string.Empty)
        + (RestoresPassword ? "; password restored" : "; the password must be set again"));
}
