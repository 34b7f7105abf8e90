using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.DiskUsage;

/// <summary>What the kernel and the jails' file system offer for disk quotas.</summary>
/// <param name="Usable">User or project quotas are switched on for the jails' file system.</param>
internal sealed record QuotaSupport(bool Usable, string Detail);

/// <summary>
/// Asks the kernel, for the file system holding the jail root, whether user or project quotas are on (quotactl_fd
/// Q_GETINFO): a kernel built without quota support, a file system mounted without quota options, or a kernel that
/// cannot read the quota format (ext4 needs CONFIG_QFMT_V2) all answer "off". The answer decides nothing by itself:
/// SftpJail does not set kernel quotas, so the executor enforces the limits either way and says so.
/// </summary>
internal static class QuotaDetection
{
    public static QuotaSupport Detect(AbsolutePath jailRoot, string procRoot = "/proc")
    {
        if (!Directory.Exists(Path.Combine(procRoot, "sys/fs/quota")))
        {
            return new(false, "the kernel has no quota support (no /proc/sys/fs/quota)");
        }

        var fd = Posix.TryOpen(jailRoot.Value, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.CloseOnExec, out var openErrno);
        if (fd is null)
        {
            return new(false, $"the jail root {jailRoot} cannot be opened to ask (errno {openErrno})");
        }

        using (fd)
        {
            var user = QuotaNativeMethods.QueryQuotaInfo(fd.Value, QuotaNativeMethods.UserQuota);
            var project = QuotaNativeMethods.QueryQuotaInfo(fd.Value, QuotaNativeMethods.ProjectQuota);
            if (user == QuotaNativeMethods.ENOSYS)
            {
                return new(false, "the kernel has no quotactl_fd (Linux 5.14 or later is needed to ask)");
            }

            var on = new[] { (user, "user"), (project, "project") }.Where(q => q.Item1 == 0).Select(q => q.Item2).ToList();
            return on.Count > 0
                ? new(true, $"{string.Join(" and ", on)} quotas are on for the file system of {jailRoot}, but SftpJail does not set kernel quotas yet")
                : new(false, $"quotas are not switched on for the file system of {jailRoot} (or the kernel cannot read its quota format)");
        }
    }
}
