namespace SftpJail.Core.Contract;

/// <summary>
/// How much a site's <c>html/</c> holds (allocated blocks, each hard-linked file once, no link followed) as the executor
/// last measured it, against the site's limit.
/// </summary>
/// <param name="OverLimit">Its users are read-only because of the limit (an admin's own read-only setting aside).</param>
/// <param name="Complete">False when the walk stopped at its entry limit: the true usage is at least <paramref name="UsedBytes"/>.</param>
public sealed record SiteDiskUsage(string Domain, long UsedBytes, long? LimitBytes, bool OverLimit, bool Complete, DateTimeOffset MeasuredAt);

/// <summary>Which disk limit is in force on this host, why, and what the executor warns about its layout.</summary>
/// <param name="Enforcement">What enforces the limits: <see cref="ExecutorEnforced"/> (measured by the executor, users made read-only).</param>
/// <param name="KernelQuotasUsable">Whether the kernel and the jails' file system have quotas switched on (user or project).</param>
/// <param name="Detail">What the quota detection found, for an administrator.</param>
/// <param name="Warnings">Layout problems, e.g. the state directory on the jails' file system.</param>
/// <param name="Sites">The last measurement of every site with a limit.</param>
public sealed record DiskLimitStatus(string Enforcement, bool KernelQuotasUsable, string Detail, IReadOnlyList<string> Warnings, IReadOnlyList<SiteDiskUsage> Sites)
{
    public const string ExecutorEnforced = "executor-enforced";
}
