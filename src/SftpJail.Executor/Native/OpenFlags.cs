using System.Runtime.InteropServices;

namespace SftpJail.Executor.Native;

/// <summary>
/// open(2) flags. O_DIRECTORY and O_NOFOLLOW differ between x86-64 and the asm-generic layout used by
/// arm64, so they are chosen at run time rather than hard-coded.
/// </summary>
internal static class OpenFlags
{
    public const int ReadOnly = 0x0;
    public const int WriteOnly = 0x1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NoControllingTerminal = 0x100;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;

    private static readonly bool IsAsmGeneric =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.LoongArch64 or Architecture.RiscV64;

    public static int Directory { get; } = IsAsmGeneric ? 0x4000 : 0x10000;

    public static int NoFollow { get; } = IsAsmGeneric ? 0x8000 : 0x20000;
}
