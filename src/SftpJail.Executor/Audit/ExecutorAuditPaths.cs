using SftpJail.Core.Values;

namespace SftpJail.Executor.Audit;

/// <summary>Where the executor keeps its side of the audit trail: all root-only files in its state directory.</summary>
internal sealed record ExecutorAuditPaths(AbsolutePath StateDir)
{
    public AbsolutePath Lock => StateDir.Combine("audit.lock");

    public AbsolutePath Key => StateDir.Combine("audit.key");

    /// <summary>The head of the countersigned chain: count, newest id and MAC.</summary>
    public AbsolutePath Anchor => StateDir.Combine("audit-anchor.json");

    public AbsolutePath Journal => StateDir.Combine("executor-audit.jsonl");

    public AbsolutePath Approvals => StateDir.Combine("host-access-approvals.json");
}
