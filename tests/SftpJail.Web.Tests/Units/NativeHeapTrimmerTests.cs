using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Tests.Units;

/// <summary>The trim against this host's real glibc: freed blocks below an arena's top stay resident until it runs.</summary>
public sealed class NativeHeapTrimmerTests
{
    private const int BlockBytes = 64 * 1024; // below glibc's mmap threshold: served from an arena, not its own mapping
    private const int Blocks = 2048; // 128 MiB
    private static readonly byte[] Pattern = Enumerable.Repeat((byte)0x5a, BlockBytes).ToArray();

    [Fact]
    public void A_trim_hands_freed_native_memory_below_the_arena_top_back_to_the_kernel()
    {
        var blocks = new IntPtr[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            Marshal.Copy(Pattern, 0, blocks[i], BlockBytes); // touched, so resident
        }

        // All but the last: the freed 127 MiB sit below a block still in use, so free() alone cannot shrink the arena.
        for (var i = 0; i < Blocks - 1; i++)
        {
            Marshal.FreeHGlobal(blocks[i]);
        }

        var before = RssMiB();
        Assert.True(new NativeHeapTrimmer(NullLogger<NativeHeapTrimmer>.Instance).TryTrim());
        var after = RssMiB();
        Marshal.FreeHGlobal(blocks[^1]);

        Assert.True(before - after >= 64, $"RSS {before:F0} -> {after:F0} MiB after trimming 127 MiB of freed blocks");
    }

    private static double RssMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
