using System.Text.RegularExpressions;
using SftpJail.Core.Model;

namespace SftpJail.Cli.Backup;

/// <summary>
/// Which host files a backup holds, and where a restore puts them: always this host's configured paths, never a path
/// read from an archive.
/// <list type="bullet">
/// <item>Every regular file directly in the executor's state directory: the executor's manifest (<c>manifest.json</c>)
/// and admin manifest, the last applied host-access state, the enrolment window, the managed users' password hashes
/// (so a recreated account keeps its customer's password), the executor journal, the audit head anchor
/// (<c>audit-anchor.json</c>) and the audit key (<c>audit.key</c>, see <see cref="IsStateFile"/>).</item>
/// <item>The host keys next to the sshd configuration SftpJail drives: the dedicated sshd's own (under the state
/// directory), or in system mode the host's <c>/etc/ssh/ssh_host_*_key</c> pairs, which are the whole machine's SSH
/// identity, admins' logins included: a restored host answers with the same keys, so nobody sees "host key changed".</item>
/// </list>
/// Never: the chroots and anything in them (customer files are the admin's to back up), <c>archive/</c> (removed sites'
/// files), the drop-in, vhosts, authorized_keys files and daemon configuration (apply renders them again from the
/// database), locks, pid files, the disk-space reserve, or an interrupted apply's <c>intent.json</c> (it belongs to
/// the old host's half-finished apply, not to a fresh one).
/// </summary>
public sealed partial class BackupSources(HostProfile profile, string? databaseFile)
{
    private static readonly HashSet<string> NotState = new(StringComparer.Ordinal) { "intent.json", "space-reserve" };

    public string StateDir => profile.StateDir.Value;

    public string HostKeyDir => profile.SshdMainConfigPath.Parent!.Value;

    public string SshdMode => profile.Mode.ToString();

    /// <summary>
    /// A plain name the executor could have written. The audit key is included: the anchor, the journal and every
    /// countersignature in the database are MACs under it, so without it a restored host could verify none of its own
    /// history (<c>audit verify</c> would call the whole log unverifiable) and would start a new key that cannot vouch for
    /// the old rows. The price is that the archive is as secret as the key (whoever holds both could forge
    /// countersignatures), which is why it is written root-only (0600) and should be kept like the database itself,
    /// which already holds every password hash.
    /// </summary>
    public bool IsStateFile(string name) =>
        SafeName().IsMatch(name) && !NotState.Contains(name) && !name.EndsWith(".lock", StringComparison.Ordinal)
        && !name.EndsWith(".pid", StringComparison.Ordinal) && !IsDatabaseFile(name);

    public static bool IsHostKeyFile(string name) => HostKeyName().IsMatch(name);

    /// <summary>The state files present now (regular files only: a symbolic link is never followed or stored).</summary>
    public IEnumerable<string> StateFiles() => PlainFiles(StateDir).Where(IsStateFile);

    public IEnumerable<string> HostKeyFiles() => PlainFiles(HostKeyDir).Where(IsHostKeyFile);

    /// <summary>When the database sits in the state directory (the root default), it and its -wal, -shm and queue files are not state.</summary>
    private bool IsDatabaseFile(string name) =>
        databaseFile is not null && Path.GetDirectoryName(Path.GetFullPath(databaseFile)) == Path.GetFullPath(StateDir)
        && name.StartsWith(Path.GetFileName(databaseFile), StringComparison.Ordinal);

    private static IEnumerable<string> PlainFiles(string directory)
    {
        var info = new DirectoryInfo(directory);
        if (!info.Exists || info.LinkTarget is not null)
        {
            return [];
        }

        return info.EnumerateFiles().Where(f => f.LinkTarget is null && (f.Attributes & FileAttributes.ReparsePoint) == 0).Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeName();

    [GeneratedRegex("^ssh_host_(ed25519|ecdsa|rsa)_key(\\.pub)?$")]
    private static partial Regex HostKeyName();
}
