using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Executor.Activity;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;
using Xunit.Abstractions;

namespace SftpJail.Executor.Tests.Activity;

/// <summary>
/// What the relay costs per jail: a thousand chroots are served by one socket (one descriptor, one receive loop), each
/// chroot costing a dev/ directory and a hard link. The numbers are printed for the README's activity section.
/// </summary>
public sealed class ChrootLogRelayScaleTests(ITestOutputHelper output)
{
    private const int Chroots = 1_000;

    [Fact(Timeout = 60_000)]
    public async Task A_thousand_chroots_are_served_by_one_socket()
    {
        using var root = new TestDirectory();
        var jailRoot = root.CreateDirectory("www");
        var chroots = Enumerable.Range(0, Chroots).Select(i => root.CreateDirectory($"www/com.site{i:D4}").Value).ToList();
        var files = new HostFileSystem([root.Path]);
        await using var relay = new SftpLogRelay(root["state/activity/sftp.log"].Value, files, jailRoot, NullLogger.Instance);
        var fdsBefore = OpenDescriptors();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);

        var clock = Stopwatch.StartNew();
        relay.Sync(chroots);
        var first = clock.Elapsed;
        relay.Sync(chroots);
        clock.Restart();
        relay.Sync(chroots);
        var second = clock.Elapsed;

        var fds = OpenDescriptors() - fdsBefore;
        var managed = GC.GetTotalMemory(forceFullCollection: true) - managedBefore;
        var master = new RelayDevEntries(files, jailRoot).MasterSocket;
        Assert.True(Native.Posix.TryStatNoFollow(null, master.Value, master.Value, out var stat));
        output.WriteLine($"{Chroots} chroots: {fds} descriptor(s), {managed / 1024} KiB managed, first sync {first.TotalMilliseconds:0} ms, a later sync {second.TotalMilliseconds:0} ms");

        Assert.Equal(Chroots, relay.Chroots.Count);
        Assert.Equal(1, relay.SocketCount);
        Assert.Equal((uint)(Chroots + 1), stat.LinkCount);
        // The process-wide descriptor count is only printed: test classes running beside this one open their own.
        Assert.True(first < TimeSpan.FromSeconds(20), $"first sync took {first}");
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;
}
