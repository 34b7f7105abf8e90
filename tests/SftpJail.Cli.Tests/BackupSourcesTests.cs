using SftpJail.Cli.Backup;
using SftpJail.Core.Model;

namespace SftpJail.Cli.Tests;

/// <summary>What a backup takes from the state directory and the sshd directory, and what it leaves.</summary>
public sealed class BackupSourcesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("sftpjail-backup-sources-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Takes_the_executors_own_files_and_leaves_locks_intents_links_the_database_and_subdirectories()
    {
        var state = Path.Combine(root, "state");
        Directory.CreateDirectory(Path.Combine(state, "archive"));
        Directory.CreateDirectory(Path.Combine(state, "sshd"));
        foreach (var name in new[]
        {
            "manifest.json", "admins.json", "audit.key", "audit-anchor.json", "executor-audit.jsonl", "password-hashes.json",
            "intent.json", "space-reserve", "audit.lock", "x.pid", ".manifest.json.tmp-1", "sftpjail.db", "sftpjail.db-wal", "sftpjail.db.queue.000000000001",
        })
        {
            File.WriteAllText(Path.Combine(state, name), "x");
        }

        File.WriteAllText(Path.Combine(root, "outside.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(state, "linked.json"), Path.Combine(root, "outside.txt"));
        File.WriteAllText(Path.Combine(state, "archive", "customer.html"), "customer");
        foreach (var name in new[] { "ssh_host_ed25519_key", "ssh_host_ed25519_key.pub", "sshd_config", "sshd.pid" })
        {
            File.WriteAllText(Path.Combine(state, "sshd", name), "x");
        }

        var sources = new BackupSources(Profile(state), Path.Combine(state, "sftpjail.db"));

        Assert.Equal(["admins.json", "audit-anchor.json", "audit.key", "executor-audit.jsonl", "manifest.json", "password-hashes.json"], sources.StateFiles());
        Assert.Equal(["ssh_host_ed25519_key", "ssh_host_ed25519_key.pub"], sources.HostKeyFiles());
    }

    [Theory]
    [InlineData("../manifest.json")]
    [InlineData("sub/manifest.json")]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("intent.json")]
    public void A_restore_takes_no_name_outside_the_state_directorys_own_files(string name) =>
        Assert.False(new BackupSources(Profile(Path.Combine(root, "state")), null).IsStateFile(name));

    private HostProfile Profile(string state) => new HostProfileOptions
    {
        Family = "Debian",
        JailGroup = "sjtbackupjail",
        JailRoot = Path.Combine(root, "www"),
        AuthorizedKeysDir = Path.Combine(root, "keys"),
        StateDir = state,
        SshdMode = "Dedicated",
        ListenAddress = "127.0.0.1",
        Port = 2299,
    }.ToProfile();
}
