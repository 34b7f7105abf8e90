using System.Runtime.InteropServices;

namespace SftpJail.Executor.Native;

/// <summary>
/// struct statx from linux/stat.h. Unlike struct stat its layout is the same on every architecture,
/// which is why the executor uses statx(2) rather than lstat(2).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatX
{
    public const uint BasicStats = 0x7ff;

    private const uint TypeMask = 0xF000;

    [FieldOffset(0)] public uint Mask;
    [FieldOffset(16)] public uint LinkCount;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Inode;
    [FieldOffset(40)] public ulong Size;

    /// <summary>Allocated 512-byte blocks (what the file really takes on disk; a sparse file takes less than its size).</summary>
    [FieldOffset(48)] public ulong Blocks;

    /// <summary>Last status change (owner, mode, links, content): what a fingerprint of an unchanged entry relies on.</summary>
    [FieldOffset(96)] public long ChangeSeconds;
    [FieldOffset(104)] public uint ChangeNanoseconds;
    [FieldOffset(136)] public uint DeviceMajor;
    [FieldOffset(140)] public uint DeviceMinor;

    public readonly bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public readonly bool IsRegularFile => (Mode & TypeMask) == 0x8000;

    public readonly bool IsSymlink => (Mode & TypeMask) == 0xA000;

    /// <summary>Permission bits including setuid, setgid and sticky (07777).</summary>
    public readonly int Permissions => Mode & 0xFFF;
}
