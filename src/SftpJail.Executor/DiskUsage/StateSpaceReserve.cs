using Microsoft.Extensions.Logging;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.DiskUsage;

/// <summary>
/// Room kept back in the state directory for the day a customer fills its file system: a file of allocated blocks the
/// executor gives back just before an apply that would otherwise find no space for its own records (the manifest, the
/// last applied state), and takes again once there is room. On a state directory of its own nobody fills, it costs a
/// few MiB and is never given back.
/// </summary>
internal sealed class StateSpaceReserve(AbsolutePath stateDir, HostFileSystem files, ILogger logger, long bytes = StateSpaceReserve.DefaultBytes)
{
    public const long DefaultBytes = 4L * 1024 * 1024;

    private const int PrivateFile = 0b110_000_000; // 0600

    public AbsolutePath Path { get; } = stateDir.Combine("space-reserve");

    /// <summary>Gives the reserve back when the state directory's file system has less room left than the reserve itself.</summary>
    public void ReleaseIfShort()
    {
        var free = FreeBytes();
        if (free < 0 || free >= bytes || files.Inspect(Path).Kind != FileKind.RegularFile)
        {
            return;
        }

        files.RemoveFile(Path);
        logger.LogWarning("The file system of {StateDir} has {Free} bytes free: gave back the {Reserve}-byte reserve so this apply can record its outcome", stateDir, free, bytes);
    }

    /// <summary>Takes the reserve (again) when it is missing and the file system has room for it and as much again.</summary>
    public void Keep()
    {
        if (files.Inspect(stateDir).Kind != FileKind.Directory || files.Inspect(Path).Kind != FileKind.Missing)
        {
            return;
        }

        var free = FreeBytes();
        if (free < 2 * bytes)
        {
            logger.LogWarning("The file system of {StateDir} has {Free} bytes free, too little to keep a {Reserve}-byte reserve for a full disk", stateDir, free, bytes);
            return;
        }

        using var parent = files.OpenParentForChange(Path, out var name);
        using var file = Posix.TryOpenAt(parent, name, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.NoFollow | OpenFlags.CloseOnExec, PrivateFile, out var errno);
        if (file is null)
        {
            logger.LogWarning("Could not create the space reserve {Path}: errno {Errno}", Path, errno);
            return;
        }

        if (SpaceNativeMethods.Allocate(file.Value, bytes) is var failed and not 0)
        {
            Posix.UnlinkAt(parent, name, Path.Value);
            logger.LogWarning("Could not allocate the space reserve {Path}: errno {Errno}", Path, failed);
        }
    }

    private long FreeBytes()
    {
        using var directory = Posix.TryOpen(stateDir.Value, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.CloseOnExec, out _);
        return directory is null ? -1 : SpaceNativeMethods.FreeBytesForRoot(directory.Value);
    }
}
