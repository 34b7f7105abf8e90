using System.Formats.Tar;
using System.IO.Compression;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Backup;

/// <summary>
/// The real CLI as root against a real dedicated sshd: back up a host with a key user, wipe the host (users, groups,
/// state, keys, database, chroots: what demo-reset does), restore onto the empty host, apply, and the customer logs in
/// again with the OpenSSH sftp client and the same host key, so nobody sees "host key changed" (and a password user
/// with its old password, from the stored hashes).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private const string Domain = "restored1.example";

    private JailHost host = null!;
    private string work = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        work = Directory.CreateTempSubdirectory("sjt-backup-").FullName;
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_wiped_host_restored_from_a_backup_lets_the_key_user_in_with_the_same_host_key_and_a_live_host_is_never_restored_over()
    {
        var user = host.UserName("bk");
        var keyFile = await NewClientKeyAsync();
        var cli = new CliRunner(host);
        await MustAsync(cli.RunAsync(null, "site", "add", Domain, "--user", user, "--key-file", keyFile + ".pub"));
        var editor = host.UserName("bp");
        const string EditorPassword = "a long passphrase for the editor";
        await MustAsync(cli.RunAsync(EditorPassword, "user", "add", editor, "--site", Domain, "--password-stdin"));
        var customerFile = Path.Combine(work, "customer-upload.txt");
        await File.WriteAllTextAsync(customerFile, "customer data that is not SftpJail's to back up\n");
        var upload = await host.Client.SftpWithKeyAsync(user, keyFile, $"put {customerFile} customer-upload.txt");
        Assert.True(upload.ExitCode == 0, upload.All);
        var hostKeysBefore = await ScanHostKeysAsync();

        var archive = Path.Combine(work, "sftpjail-backup.tar.gz");
        await MustAsync(cli.RunAsync(null, "backup", archive));
        var names = ArchiveNames(archive);
        var database = Path.Combine(host.BaseDir, "sftpjail.db");
        var databaseBefore = await File.ReadAllBytesAsync(database);
        var refused = await cli.RunAsync(null, "restore", archive);
        var databaseAfter = await File.ReadAllBytesAsync(database);
        var overwrite = await cli.RunAsync(null, "backup", archive);

        // Wipe everything the host had: daemons, users, groups, state, keys, database, chroots.
        await host.DisposeAsync();
        Assert.False(Directory.Exists(host.BaseDir));
        Assert.NotEqual(0, (await HostCommand.RunAsync("id", [user])).ExitCode);
        Directory.CreateDirectory(host.BaseDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var fresh = new CliRunner(host);

        var restore = await MustAsync(fresh.RunAsync(null, "restore", archive));
        var apply = await MustAsync(fresh.RunAsync(null, "apply"));
        var login = await host.Client.SftpWithKeyAsync(user, keyFile, "ls -1");
        var passwordLogin = await host.Client.SftpWithPasswordAsync(editor, EditorPassword, "pwd");
        var hostKeysAfter = await ScanHostKeysAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));
        Assert.Contains("manifest.json", names);
        Assert.Contains("database/sftpjail.db", names);
        Assert.Contains("state/manifest.json", names);
        Assert.Contains("state/audit-anchor.json", names);
        Assert.Contains("hostkeys/ssh_host_ed25519_key", names);
        Assert.DoesNotContain(names, n => n.Contains("customer-upload", StringComparison.Ordinal) || n.Contains("www", StringComparison.Ordinal));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("not a fresh install", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(databaseBefore, databaseAfter);
        Assert.Equal(2, overwrite.ExitCode);
        Assert.Contains("never overwritten", overwrite.StandardError, StringComparison.Ordinal);
        Assert.Contains("sftpjail apply", restore.StandardOutput, StringComparison.Ordinal);
        Assert.True(login.ExitCode == 0, $"{login.All}\napply said: {apply.All}");
        Assert.DoesNotContain("customer-upload.txt", login.StandardOutput, StringComparison.Ordinal);
        Assert.True(passwordLogin.ExitCode == 0, "the password user did not get back in with its old password: " + passwordLogin.All);
        Assert.NotEmpty(hostKeysBefore);
        Assert.Equal(hostKeysBefore, hostKeysAfter);
        var verify = await fresh.RunAsync(null, "audit", "verify");
        Assert.True(verify.ExitCode == 0, verify.All);
    }

    private async Task<string> NewClientKeyAsync()
    {
        var keyFile = Path.Combine(work, "client_ed25519");
        var made = await HostCommand.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", "backup@test", "-f", keyFile]);
        Assert.True(made.ExitCode == 0, made.All);
        return keyFile;
    }

    /// <summary>The keys the sshd presents to a client, as ssh-keyscan sees them (what a known_hosts file would pin).</summary>
    private async Task<IReadOnlyList<string>> ScanHostKeysAsync()
    {
        var scan = await HostCommand.RunAsync("ssh-keyscan", ["-p", host.Port.ToString(), "127.0.0.1"]);
        return scan.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#')).Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> ArchiveNames(string archive)
    {
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    private static async Task<HostCommand.Output> MustAsync(Task<HostCommand.Output> running)
    {
        var output = await running;
        Assert.True(output.ExitCode == 0, output.All);
        return output;
    }
}
