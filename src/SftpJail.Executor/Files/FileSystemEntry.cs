using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Files;

/// <summary>What lstat(2) says about a path. <paramref name="Mode"/> is the permission bits including setuid, setgid and sticky (07777).</summary>
public sealed record FileSystemEntry(AbsolutePath Path, FileKind Kind, uint Uid, uint Gid, int Mode, long Size)
{
    public bool Exists => Kind != FileKind.Missing;

    public static FileSystemEntry Missing(AbsolutePath path) => new(path, FileKind.Missing, 0, 0, 0, 0);

    internal static FileSystemEntry From(AbsolutePath path, in StatX stat) =>
        new(path, KindOf(stat), stat.Uid, stat.Gid, stat.Permissions, (long)stat.Size);

    internal static FileKind KindOf(in StatX stat) =>
        stat.IsDirectory ? FileKind.Directory
        : stat.IsRegularFile ? FileKind.RegularFile
        : stat.IsSymlink ? FileKind.Symlink
        : FileKind.Other;
}
