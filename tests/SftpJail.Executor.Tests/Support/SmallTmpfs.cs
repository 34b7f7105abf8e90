using SftpJail.Core.Values;

namespace SftpJail.Executor.Tests.Support;

/// <summary>A tiny tmpfs mounted on a fresh directory, so that a write runs out of space for real.</summary>
public sealed class SmallTmpfs : IDisposable
{
    private readonly TestDirectory mountPoint = new();

    public SmallTmpfs(int kilobytes)
    {
        HostStat.Run("/usr/bin/mount", "-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0755", "tmpfs", mountPoint.Path.Value);
    }

    public AbsolutePath Path => mountPoint.Path;

    public void Dispose()
    {
        try
        {
            HostStat.Run("/usr/bin/umount", mountPoint.Path.Value);
        }
        finally
        {
            mountPoint.Dispose();
        }
    }
}
