using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.DiskUsage;

namespace SftpJail.Executor;

/// <summary>A periodic disk check: what it measured and the read-only changes it made.</summary>
/// <param name="Changes">One line per user whose read-only state changed, with the reason ("over disk limit").</param>
/// <param name="Apply">The apply that made the changes; null when nothing had to change.</param>
public sealed record DiskLimitCheck(IReadOnlyList<SiteDiskUsage> Sites, IReadOnlyList<string> Changes, ApplyResult? Apply);

/// <summary>The engine's side of disk limits, a full disk and the file-system layout.</summary>
public sealed partial class ExecutorEngine
{
    private DiskLimitEnforcer? diskLimits;
    private StateSpaceReserve? spaceReserve;

    /// <summary>How long a site's measurement is good for an apply; the disk-limit timer measures this often.</summary>
    public TimeSpan DiskCheckInterval { get; set; } = TimeSpan.FromSeconds(60);

    private DiskLimitEnforcer DiskLimits => diskLimits ??= new DiskLimitEnforcer(profile, files, logger, TimeProvider.System);

    private StateSpaceReserve SpaceReserve => spaceReserve ??= new StateSpaceReserve(profile.StateDir, files, logger);

    /// <summary>
    /// Measures every limited site of the last applied state now; when a site crossed its limit either way, re-applies
    /// that state, which makes its users read-only or gives them back their own setting. Called by the disk-limit timer.
    /// </summary>
    public async Task<DiskLimitCheck> CheckDiskLimitsAsync(CancellationToken cancellationToken = default)
    {
        if (enrolments.LoadLastApplied() is not { } last || !last.Sites.Any(s => s.DiskLimitMiB is not null))
        {
            return new DiskLimitCheck([], [], null);
        }

        var desired = DesiredStateParser.Parse(last, profile);
        var enforced = DiskLimits.Enforce(desired, TimeSpan.Zero);
        var accounts = AccountDatabase.Load();
        var changes = new List<string>();
        foreach (var (site, user) in enforced.AllUsers.Where(p => p.Site.DiskLimit is not null))
        {
            var isReadOnly = accounts.FindUser(user.Name.Value)?.SupplementaryGroups.Contains(profile.ReadOnlyGroup.Value);
            if (isReadOnly is { } now && now != user.ReadOnly)
            {
                var usage = DiskLimits.Measured.First(u => u.Domain == site.Domain.Value);
                changes.Add(user.ReadOnly
                    ? $"{user.Name}: read-only ({DiskLimitEnforcer.Reason}: {site.Domain} holds {Core.Values.DiskLimit.Format(usage.UsedBytes)} of {site.DiskLimit})"
                    : $"{user.Name}: writable again ({site.Domain} holds {Core.Values.DiskLimit.Format(usage.UsedBytes)} of {site.DiskLimit})");
            }
        }

        if (changes.Count == 0)
        {
            return new DiskLimitCheck(DiskLimits.Measured, [], null);
        }

        var result = await ApplyAsync(last, [], cancellationToken);
        logger.Log(result.Succeeded ? LogLevel.Warning : LogLevel.Error, "Disk limits: {Changes} ({Outcome})",
            string.Join("; ", changes), result.Succeeded ? "applied" : "failed: " + result.Error);
        return new DiskLimitCheck(DiskLimits.Measured, changes, result);
    }

    /// <summary>Which limit is in force, the layout warnings, and the last measurements (measured now if there are none yet).</summary>
    public DiskLimitStatus DiskStatus()
    {
        if (DiskLimits.Measured.Count == 0 && enrolments.LoadLastApplied() is { } last && last.Sites.Any(s => s.DiskLimitMiB is not null))
        {
            DiskLimits.Enforce(DesiredStateParser.Parse(last, profile), DiskCheckInterval);
        }

        var quotas = QuotaDetection.Detect(profile.JailRoot);
        return new DiskLimitStatus(DiskLimitStatus.ExecutorEnforced, quotas.Usable, quotas.Detail, FileSystemLayout.Warnings(profile), DiskLimits.Measured);
    }

    /// <summary>The desired state as the host must have it: users of a site over its disk limit read-only.</summary>
    private Core.Model.DesiredState WithDiskLimits(Core.Model.DesiredState desired) => DiskLimits.Enforce(desired, DiskCheckInterval);

    /// <summary>
    /// Before an apply changes anything: accounts the plan disables or removes are locked first, then, if the state
    /// directory's file system is (nearly) full, its reserve is given back so the apply can record what it did.
    /// </summary>
    private async Task PrepareForFullDiskAsync(HostPlan plan, CancellationToken cancellationToken)
    {
        await new EmergencyLock(new SystemAccounts(runner), logger).LockAsync(plan, cancellationToken);
        SpaceReserve.ReleaseIfShort();
    }

    /// <summary>After an apply: take the state directory's reserve again if there is room. Never fails the apply.</summary>
    private void KeepSpaceReserve()
    {
        try
        {
            SpaceReserve.Keep();
        }
        catch (Exception ex) when (ex is Native.PosixException or Files.UnsafePathException or IOException)
        {
            logger.LogWarning(ex, "Could not keep the state directory's space reserve");
        }
    }
}
