using System.Runtime.InteropServices;

namespace SftpJail.Executor.DiskUsage;

/// <summary>quotactl_fd(2) (Linux 5.14+), asked only whether a quota type is switched on for a file system.</summary>
internal static partial class QuotaNativeMethods
{
    public const int UserQuota = 0;
    public const int ProjectQuota = 2;
    public const int ENOSYS = 38;

    // The same number on every architecture (the unified syscall table since Linux 5.1).
    private const long QuotactlFd = 443;

    // Q_GETINFO from linux/quota.h; QCMD(cmd, type) = cmd << 8 | type.
    private const uint GetInfo = 0x800005;

    /// <summary>0 when the quota type is on for the file system holding <paramref name="fd"/>; otherwise the errno (ESRCH: off).</summary>
    public static unsafe int QueryQuotaInfo(int fd, int type)
    {
        var info = stackalloc byte[24]; // struct if_dqinfo
        return syscall(QuotactlFd, fd, (GetInfo << 8) | (uint)type, 0, (nint)info) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int fd, uint command, int id, nint address);
}
