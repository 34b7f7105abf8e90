using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Executor.Apply;

/// <summary>A site that is wanted again gets back the chroot it was archived with (the customer's files), not an empty one.</summary>
internal sealed record RestoreSiteAction(SiteDomain Domain, AbsolutePath Archive, AbsolutePath Chroot) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.ArchiveDirectory, Chroot.Value, $"restore the site's files from the archive {Archive}");
}
