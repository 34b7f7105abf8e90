using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Executor.Activity;
using SftpJail.Executor.Files;
using SftpJail.Host.Tests.Model;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Activity;

/// <summary>
/// With the log relay on (the default) every chroot holds the relay's dev/: removing the site takes it out again, so a
/// chroot the customer never wrote to is deleted as empty and one with their files is archived with exactly those files;
/// and an apply with nothing to do still touches nothing.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RelayedSiteRemovalTests : IAsyncLifetime
{
    private const string Password = "relay-removal-staple-4";

    private JailHost host = null!;
    private DefaultRelay relay = null!;
    private string user = null!;

    private string Chroot => Path.Combine(host.JailRoot, "example.relayed");

    private string ArchiveDir => host.Profile.ArchiveDir.Value;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        relay = await DefaultRelay.StartAsync(host);
        user = host.UserName("r");
        var applied = await host.ApplyAsync(Of(Site("relayed.example", User(user))), new PasswordChange(user, Password));
        Assert.True(applied.Succeeded, applied.Error);
        Assert.Equal(["dev", "html"], Entries(Chroot));
    }

    public async Task DisposeAsync()
    {
        await relay.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Removing_a_site_after_real_uploads_archives_the_customers_files_without_the_relays_dev()
    {
        var local = Path.Combine(host.BaseDir, "upload.bin");
        await File.WriteAllBytesAsync(local, new byte[4321]);
        var session = await host.Client.SftpWithPasswordAsync(user, Password, $"put {local} kept.bin", "mkdir sub", $"put {local} sub/also.bin");
        Assert.True(session.ExitCode == 0, session.All);

        var removed = await host.ApplyAsync(Of());

        Assert.True(removed.Succeeded, removed.Error);
        Assert.False(Directory.Exists(Chroot));
        var archive = Assert.Single(Directory.GetDirectories(ArchiveDir));
        Assert.Equal(["html"], Entries(archive));
        Assert.Equal(4321, new FileInfo(Path.Combine(archive, "html", "kept.bin")).Length);
        Assert.Equal(4321, new FileInfo(Path.Combine(archive, "html", "sub", "also.bin")).Length);
        Assert.Empty(Devs().Owned);
    }

    [Fact]
    public async Task Removing_a_site_nobody_wrote_to_deletes_its_chroot_with_the_relays_dev()
    {
        var removed = await host.ApplyAsync(Of());

        Assert.True(removed.Succeeded, removed.Error);
        Assert.False(Directory.Exists(Chroot));
        Assert.True(!Directory.Exists(ArchiveDir) || Directory.GetFileSystemEntries(ArchiveDir).Length == 0, "nothing to archive");
        Assert.Empty(Devs().Owned);
    }

    [Fact]
    public async Task A_second_apply_with_the_relay_on_touches_no_file()
    {
        var state = Of(Site("relayed.example", User(user)));
        var excluded = Path.Combine(host.BaseDir, "nothing-excluded");
        var before = await HostFileIdentities.TakeAsync(host, excluded);

        var again = await host.ApplyAsync(state);

        Assert.True(again.Succeeded && again.Applied.Count == 0, again.Error ?? string.Join("; ", again.Applied));
        Assert.Empty(HostFileIdentities.Changes(before, await HostFileIdentities.TakeAsync(host, excluded)));
        Assert.True((await host.Engine.ReconcileAsync(state)).InSync);
    }

    [Fact]
    public async Task Reconcile_names_a_site_whose_dev_is_someone_elses_so_its_transfers_are_not_logged()
    {
        var state = Of(Site("relayed.example", User(user)), Site("foreign.example", User(host.UserName("f"))));
        Assert.True((await host.ApplyAsync(state)).Succeeded);
        var foreign = Path.Combine(host.JailRoot, "example.foreign");
        Assert.True((await host.Engine.ReconcileAsync(state)).InSync);

        // An admin's own syslog socket in that chroot: the relay leaves it, and says so.
        Devs().Remove(SftpJail.Core.Values.AbsolutePath.Parse(foreign));
        Directory.CreateDirectory(Path.Combine(foreign, "dev"));
        using var rsyslog = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Unspecified);
        rsyslog.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(foreign, "dev", "log")));
        await host.Engine.SyncRelayAsync(CancellationToken.None);
        var reconcile = await host.Engine.ReconcileAsync(state);

        var gap = Assert.Single(reconcile.Drift);
        Assert.Equal(Path.Combine(foreign, "dev"), gap.Target);
        Assert.Contains("transfers are not logged", gap.Summary, StringComparison.Ordinal);
    }

    private RelayDevEntries Devs() =>
        new(new HostFileSystem([host.Profile.JailRoot]), host.Profile.JailRoot);

    private static List<string> Entries(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
}
