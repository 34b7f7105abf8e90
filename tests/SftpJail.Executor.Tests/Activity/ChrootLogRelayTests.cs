using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using SftpJail.Executor.Activity;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Files;
using SftpJail.Executor.Socket;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Activity;

/// <summary>The relay's one socket linked into each chroot, the dev/ entries it owns, and what a removed site leaves.</summary>
public sealed class ChrootLogRelayTests : IAsyncLifetime
{
    private readonly TestDirectory root = new();
    private HostFileSystem files = null!;
    private AbsolutePath jailRoot = null!;
    private SftpLogRelay relay = null!;

    private string Output => root["state/activity/sftp.log"].Value;

    public Task InitializeAsync()
    {
        jailRoot = root.CreateDirectory("www");
        files = new HostFileSystem([root.Path]);
        relay = NewRelay();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await relay.DisposeAsync();
        root.Dispose();
    }

    [Fact]
    public async Task Every_chroots_dev_log_is_a_link_to_one_socket_and_reaches_the_log()
    {
        var a = root.CreateDirectory("www/com.a");
        var b = root.CreateDirectory("www/com.b");

        relay.Sync([a.Value, b.Value]);
        Send(a, 11, "/html/from-a");
        Send(b, 22, "/html/from-b");

        Assert.Equal(1, relay.SocketCount);
        Assert.Equal(UnixFileKind.Socket, UnixFileStatus.Read(DevLog(a).Value)?.Kind);
        Assert.Equal(Inode(DevLog(a)), Inode(DevLog(b)));
        Assert.Equal(Inode(new RelayDevEntries(files, jailRoot).MasterSocket), Inode(DevLog(a)));
        var dev = UnixFileStatus.Read(RelayDevEntries.DevOf(a).Value)!;
        Assert.Equal((UnixFileKind.Directory, 0u, (UnixFileMode)0x1ed), (dev.Kind, dev.Uid, dev.Mode));
        var lines = await WaitForLinesAsync(2);
        Assert.Contains(lines, l => l.Contains("internal-sftp[11]: mkdir name \"/html/from-a\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("internal-sftp[22]: mkdir name \"/html/from-b\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_sync_changes_nothing_and_a_chroot_that_leaves_the_list_loses_its_dev()
    {
        var a = root.CreateDirectory("www/com.a");
        var b = root.CreateDirectory("www/com.b");
        relay.Sync([a.Value, b.Value]);
        var before = Inode(DevLog(a));
        var mtime = File.GetLastWriteTimeUtc(RelayDevEntries.DevOf(a).Value);

        relay.Sync([a.Value, b.Value]);
        Assert.Equal(before, Inode(DevLog(a)));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(RelayDevEntries.DevOf(a).Value));

        relay.Sync([a.Value]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(b.Value));
        Assert.Equal([a.Value], new RelayDevEntries(files, jailRoot).Owned);
    }

    [Fact]
    public async Task A_new_relay_after_a_restart_relinks_the_old_links_to_its_own_socket()
    {
        var a = root.CreateDirectory("www/com.a");
        relay.Sync([a.Value]);
        var old = Inode(DevLog(a));
        await relay.DisposeAsync();

        relay = NewRelay();
        relay.Sync([a.Value]);
        Send(a, 33, "/html/after-restart");

        Assert.NotEqual(old, Inode(DevLog(a)));
        Assert.Contains(await WaitForLinesAsync(1), l => l.Contains("internal-sftp[33]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dev_log_another_daemon_listens_on_is_left_alone_and_an_empty_leftover_dev_is_adopted()
    {
        var other = root.CreateDirectory("www/com.rsyslog");
        root.CreateDirectory("www/com.rsyslog/dev");
        using var rsyslog = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        rsyslog.Bind(new UnixDomainSocketEndPoint(DevLog(other).Value));
        var restored = root.CreateDirectory("www/com.restored");
        root.CreateDirectory("www/com.restored/dev");

        relay.Sync([other.Value, restored.Value]);

        Assert.NotEqual(Inode(new RelayDevEntries(files, jailRoot).MasterSocket), Inode(DevLog(other)));
        Assert.Equal([restored.Value], relay.Chroots);
        Assert.Equal([other.Value], relay.Unserved.Keys);
        Assert.Contains("not SftpJail's", relay.Unserved[other.Value], StringComparison.Ordinal);
        Assert.Equal([restored.Value], new RelayDevEntries(files, jailRoot).Owned);
        relay.Sync([]);
        Assert.Equal(UnixFileKind.Socket, UnixFileStatus.Read(DevLog(other).Value)?.Kind);
        Assert.False(Directory.Exists(RelayDevEntries.DevOf(restored).Value));
    }

    [Fact]
    public void Removing_keeps_a_dev_that_holds_more_than_the_socket_and_says_so()
    {
        var a = root.CreateDirectory("www/com.a");
        relay.Sync([a.Value]);
        root.CreateFile("www/com.a/dev/null-by-an-admin", "x");

        var left = new RelayDevEntries(files, jailRoot).Remove(a);

        Assert.Contains("holds more than SftpJail's log socket", left, StringComparison.Ordinal);
        Assert.True(File.Exists(root["www/com.a/dev/null-by-an-admin"].Value));
        Assert.False(File.Exists(DevLog(a).Value));
    }

    [Fact]
    public void A_removed_sites_chroot_with_the_placeholder_and_the_relays_dev_is_empty_and_is_removed()
    {
        var domain = SiteDomain.Parse("a.com");
        var chroot = jailRoot.Combine(domain.Reverse);
        root.CreateDirectory("www/com.a");
        root.CreateDirectory("www/com.a/html");
        root.CreateFile("www/com.a/html/index.html", PlaceholderPageRenderer.Render(domain));
        relay.Sync([chroot.Value]);
        var sites = new EmptySites(files);

        Assert.True(sites.IsEmpty(domain, chroot));
        Assert.True(sites.TryRemove(domain, chroot));
        Assert.False(Directory.Exists(chroot.Value));
        Assert.Empty(new RelayDevEntries(files, jailRoot).Owned);
    }

    [Fact]
    public void A_removed_sites_chroot_with_a_customer_file_beside_the_relays_dev_is_not_empty()
    {
        var domain = SiteDomain.Parse("a.com");
        var chroot = jailRoot.Combine(domain.Reverse);
        root.CreateDirectory("www/com.a");
        root.CreateDirectory("www/com.a/html");
        root.CreateFile("www/com.a/html/upload.txt", "the customer's");
        relay.Sync([chroot.Value]);

        Assert.False(new EmptySites(files).TryRemove(domain, chroot));
        Assert.True(File.Exists(root["www/com.a/html/upload.txt"].Value));
    }

    [Fact]
    public void Makes_nothing_on_the_host_while_there_is_no_site()
    {
        relay.Sync([]);

        Assert.False(File.Exists(Output));
        Assert.False(Directory.Exists(jailRoot.Combine(RelayDevEntries.StateDirectoryName).Value));
    }

    private SftpLogRelay NewRelay() => new(Output, files, jailRoot, NullLogger.Instance);

    private static AbsolutePath DevLog(AbsolutePath chroot) => RelayDevEntries.DevOf(chroot).Combine(RelayDevEntries.LogName);

    private static ulong Inode(AbsolutePath path)
    {
        Assert.True(Native.Posix.TryStatNoFollow(null, path.Value, path.Value, out var stat), path.Value);
        return stat.Inode;
    }

    private static void Send(AbsolutePath chroot, int pid, string name)
    {
        using var client = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        client.SendTo(Encoding.UTF8.GetBytes($"<134>Dec  1 17:00:00 internal-sftp[{pid}]: mkdir name \"{name}\""), new UnixDomainSocketEndPoint(DevLog(chroot).Value));
    }

    private async Task<string[]> WaitForLinesAsync(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var lines = File.Exists(Output) ? await File.ReadAllLinesAsync(Output) : [];
            if (lines.Length >= count)
            {
                return lines;
            }

            await Task.Delay(50);
        }

        return File.Exists(Output) ? await File.ReadAllLinesAsync(Output) : [];
    }
}
