using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.DiskUsage;

/// <summary>What a directory tree takes on disk.</summary>
/// <param name="Complete">False when the walk stopped at its entry limit; the tree takes at least <paramref name="Bytes"/>.</param>
internal sealed record MeasuredUsage(long Bytes, int Entries, bool Complete);

/// <summary>
/// Measures a customer-controlled tree the way the disk sees it: allocated blocks (st_blocks × 512, so a sparse file
/// counts what it really takes), each hard-linked file once however many names it has, and no link followed (a symlink
/// counts its own blocks, never its target's). Bounded by <see cref="BoundedTreeWalk"/>.
/// </summary>
internal sealed class DiskUsageWalk(HostFileSystem files, int entryLimit)
{
    private const long BlockSize = 512;

    /// <summary>Null when <paramref name="directory"/> is missing or not a real directory.</summary>
    public MeasuredUsage? Measure(AbsolutePath directory)
    {
        using var start = BoundedTreeWalk.OpenStart(files, directory);
        if (start is null)
        {
            return null;
        }

        var own = Posix.Stat(start, directory.Value);
        var bytes = (long)own.Blocks * BlockSize;
        var seen = new HashSet<(uint, uint, ulong)>();
        var walk = new BoundedTreeWalk(entryLimit);
        walk.Visit(start, (_, _, _, stat) =>
        {
            // A name of a file that has others may have been counted already, here or under another name.
            if (!stat.IsDirectory && stat.LinkCount > 1 && !seen.Add((stat.DeviceMajor, stat.DeviceMinor, stat.Inode)))
            {
                return;
            }

            bytes += (long)stat.Blocks * BlockSize;
        });
        return new MeasuredUsage(bytes, walk.Visited, !walk.Stopped);
    }
}
