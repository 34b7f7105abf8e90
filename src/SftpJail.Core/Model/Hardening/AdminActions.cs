using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Core.Model.Hardening;

/// <summary>A login account for an administrator: home created, a real shell, the admin group, no usable password yet.</summary>
public sealed record CreateAdminAction(LinuxUserName Name, AbsolutePath Shell, LinuxGroupName AdminGroup) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.CreateUser, Name.Value, $"create admin account, shell {Shell}, group {AdminGroup}, home created");
}

/// <summary>
/// An admin account SftpJail created and no longer wants. The home stays (it is the admin's data, and may hold the
/// only copy of something); only the account goes.
/// </summary>
public sealed record RemoveAdminAction(LinuxUserName Name) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.RemoveUser, Name.Value, "remove the admin account (its home directory is kept)");
}

/// <summary>What the executor found for the admin names it was asked about, and which of them it created.</summary>
public sealed record AdminObservation(IReadOnlyDictionary<string, ObservedUser> Users, IReadOnlySet<string> JailAccounts, IReadOnlyList<string> CreatedBySftpJail, bool AdminGroupExists = true)
{
    public static AdminObservation Empty { get; } = new(new Dictionary<string, ObservedUser>(), new HashSet<string>(), []);
}
