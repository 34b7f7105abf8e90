using SftpJail.Core.Values;

namespace SftpJail.Core.Contract;

/// <summary>A site's disk usage against its limit in one line, the same in the panel and the CLI.</summary>
public static class DiskUsageText
{
    /// <summary>"used / limit": "-" without a limit, "? / limit" before the executor measured it, "+" when the walk stopped early.</summary>
    public static string Of(long? limitMiB, SiteDiskUsage? usage)
    {
        if (limitMiB is not { } mib)
        {
            return "-";
        }

        var limit = DiskLimit.FromMebibytes(mib).ToString();
        return usage is null
            ? $"? / {limit}"
            : $"{DiskLimit.Format(usage.UsedBytes)}{(usage.Complete ? string.Empty : "+")} / {limit}{(usage.OverLimit ? " (over: read-only)" : string.Empty)}";
    }
}
