using System.Text;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Executor.WebServer;

/// <summary>Phrases one vhost file or link change as a plan step, with a diff for file content.</summary>
internal static class VhostPreview
{
    public static PlanStep Describe(AbsolutePath path, VhostPathState before, VhostPathState after) => (before, after) switch
    {
        (_, VhostPathState.Missing) => new PlanStep(PlanStepKind.RemoveFile, path.Value, "remove (WebServerConfig)", Diff(path, before, after)),
        (_, VhostPathState.Link link) => new PlanStep(PlanStepKind.WriteFile, path.Value, $"enable the site (link to {link.Target})"),
        (VhostPathState.Missing, _) => new PlanStep(PlanStepKind.WriteFile, path.Value, "create (WebServerConfig)", Diff(path, before, after)),
        _ => new PlanStep(PlanStepKind.WriteFile, path.Value, "update (WebServerConfig)", Diff(path, before, after)),
    };

    private static string? Diff(AbsolutePath path, VhostPathState before, VhostPathState after) =>
        before is VhostPathState.Link || after is VhostPathState.Link ? null : UnifiedDiff.Create(path.Value, Text(before), Text(after));

    private static string Text(VhostPathState state) =>
        state is VhostPathState.RegularFile file ? Encoding.UTF8.GetString(file.Content) : string.Empty;
}
