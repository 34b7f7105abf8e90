using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Executor.WebServer;

/// <summary>The vhost change set as one plan action: installed, validated and reloaded together by the <see cref="VhostInstaller"/>.</summary>
internal sealed record ConvergeVhostsAction(IReadOnlyList<VhostSite> Sites, IReadOnlyList<SiteDomain> Removals, IReadOnlyList<PlanStep> Changes) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.ReloadService, "web server", $"{Changes.Count} vhost change(s), validated before reload");

    public override IReadOnlyList<PlanStep> DescribeAll() => [.. Changes, Describe()];
}
