using System.Globalization;
using SftpJail.Core.Values;

namespace SftpJail.Core.Planning;

/// <summary>One typed change the executor knows how to carry out; <see cref="Describe"/> is what people see.</summary>
public abstract record HostAction
{
    public abstract PlanStep Describe();

    /// <summary>All the steps this action stands for (a change set such as the vhosts may be several).</summary>
    public virtual IReadOnlyList<PlanStep> DescribeAll() => [Describe()];

    internal static string Octal(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');
}

/// <param name="System">A system group (low gid): SftpJail's few fixed groups; a site's group is an ordinary one.</param>
public sealed record CreateGroupAction(LinuxGroupName Group, bool System = true, string? Purpose = null) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.CreateGroup, Group.Value, Purpose ?? "create a group SftpJail uses");
}

public sealed record EnsureDirectoryAction(DirectoryTarget Target, ObservedDirectory Observed) : HostAction
{
    public override PlanStep Describe() => Observed.Exists
        ? new(PlanStepKind.FixDirectory, Target.Path.Value,
            $"set owner {Target.Owner}:{Target.Group} mode {Octal(Target.Mode)}{AclWords} (now {Observed.Owner}:{Observed.Group} {Octal(Observed.Mode)}{ObservedAclWords})")
        : new(PlanStepKind.CreateDirectory, Target.Path.Value, $"create, owner {Target.Owner}:{Target.Group} mode {Octal(Target.Mode)}{AclWords}");

    private string AclWords => Target.Acl is { } acl ? $", {acl.ReadOnlyGroup} may read (ACL)" : string.Empty;

    private string ObservedAclWords => Target.Acl is { } acl && Observed.Acl != acl.Describe(Target.Mode)
        ? string.IsNullOrEmpty(Observed.Acl) ? ", no ACL" : $", ACL {Observed.Acl}"
        : string.Empty;
}

public sealed record CreateUserAction(JailUserTarget Target) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.CreateUser, Target.Name.Value,
        $"create jailed user, home {Target.Home}, shell {Target.Shell}, groups {string.Join(',', Target.Groups.Select(g => g.Value))}{(Target.Expired ? ", disabled" : string.Empty)}");
}

public sealed record UpdateUserAction(JailUserTarget Target, ObservedUser Observed, IReadOnlyList<string> Differences) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.UpdateUser, Target.Name.Value, string.Join("; ", Differences));
}

public sealed record RemoveUserAction(LinuxUserName Name) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.RemoveUser, Name.Value, "remove the account (its files stay with the site)");
}

public sealed record SetPasswordAction(LinuxUserName Name) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.SetPassword, Name.Value, "set a new password");
}

public sealed record WriteFileAction(ManagedFile File, string? Previous) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.WriteFile, File.Path.Value,
        Previous is null ? $"create ({File.Role})" : $"update ({File.Role})",
        File.Role == FileRole.SitePlaceholder ? null : UnifiedDiff.Create(File.Path.Value, Previous ?? string.Empty, File.Content));
}

public sealed record RemoveFileAction(AbsolutePath Path, FileRole Role, string? Previous) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.RemoveFile, Path.Value, $"remove ({Role})",
        Previous is null ? null : UnifiedDiff.Create(Path.Value, Previous, string.Empty));
}

public sealed record ArchiveSiteAction(SiteDomain Domain, AbsolutePath Chroot, AbsolutePath ArchiveDir) : HostAction
{
    public AbsolutePath DestinationAt(DateTimeOffset now) =>
        ArchiveDir.Combine($"{Domain.Reverse}-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}");

    public override PlanStep Describe() => new(PlanStepKind.ArchiveDirectory, Chroot.Value, $"move the removed site's files to {ArchiveDir}");
}

public sealed record ReloadSshdAction : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.ReloadService, "sshd", "validate with sshd -t, then reload");
}
