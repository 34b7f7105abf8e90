using SftpJail.Core.Model;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Apply;

/// <summary>The manifest and the hash store skip a write of the very bytes they last wrote to a file still as they left it.</summary>
public sealed class ManifestStoreWriteTests : IDisposable
{
    private readonly TestDirectory root = new();
    private readonly HostProfile profile;
    private readonly HostFileSystem files;

    public ManifestStoreWriteTests()
    {
        profile = new HostProfileOptions { JailRoot = root["www"].Value, StateDir = root["state"].Value, AuthorizedKeysDir = root["etc/keys"].Value }.ToProfile();
        files = new HostFileSystem([root.Path]);
        Directory.CreateDirectory(profile.StateDir.Value);
    }

    public void Dispose() => root.Dispose();

    [Fact]
    public void An_unchanged_manifest_is_not_written_again_and_a_changed_or_replaced_one_is_read_and_written()
    {
        var store = new ManifestStore(profile, files);
        var session = new ManifestSession(["a.example"], ["alice"], new Dictionary<string, uint> { ["alice"] = 1001 });
        store.Save(session);
        var first = Inode(profile.ManifestPath.Value);

        store.Save(session);
        var same = Inode(profile.ManifestPath.Value);
        session.RecordSite("b.example");
        store.Save(session);
        var changed = Inode(profile.ManifestPath.Value);
        var text = File.ReadAllText(profile.ManifestPath.Value);

        // Another writer (the CLI, or root by hand) puts other bytes there: this store's memory of the file is stale.
        File.Delete(profile.ManifestPath.Value);
        File.WriteAllText(profile.ManifestPath.Value, "{}\n");
        var replaced = store.Load();
        store.Save(session);

        Assert.Equal(first, same);
        Assert.NotEqual(first, changed);
        Assert.Empty(replaced.Sites);
        Assert.Contains("b.example", text);
        Assert.Equal(text, File.ReadAllText(profile.ManifestPath.Value));
        Assert.Equal(["a.example", "b.example"], store.Load().Sites);
    }

    [Fact]
    public void Unchanged_hashes_are_not_written_again_and_removed_ones_are_written_back()
    {
        var store = new PasswordHashStore(profile, files);
        var hashes = new Dictionary<string, string> { ["alice"] = "$y$j9T$salt$hash" };
        store.Save(hashes);
        var first = Inode(store.Path.Value);

        store.Save(hashes);
        var same = Inode(store.Path.Value);
        File.Delete(store.Path.Value);
        store.Save(hashes);

        Assert.Equal(first, same);
        Assert.Equal(hashes, store.Load());
    }

    private static ulong Inode(string path) => Native.Posix.TryStatNoFollow(null, path, path, out var stat) ? stat.Inode : 0;
}
