using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Hardening;

/// <summary>
/// Reads the keys that reached an admin's own <c>~/.ssh/authorized_keys</c> (ssh-copy-id during an enrolment window).
/// The file is written by the admin, so it is hostile text: a link at <c>.ssh</c> or at the file is refused (never
/// followed), the size is capped, and a line that is not a plain key is skipped, never thrown on.
/// </summary>
public sealed class ArrivedKeyReader(HostFileSystem files)
{
    /// <summary>ssh-copy-id appends a few hundred bytes per key; anything bigger is not what a person is here to approve.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Keys in <paramref name="home"/>/.ssh/authorized_keys not among <paramref name="managedKeys"/> (compared by algorithm and key, not comment), in file order, each once.</summary>
    public IReadOnlyList<ArrivedKey> Read(AbsolutePath home, IEnumerable<string> managedKeys)
    {
        var sshDir = home.Combine(".ssh");
        var dir = files.Inspect(sshDir);
        if (!dir.Exists)
        {
            return [];
        }

        if (dir.Kind != FileKind.Directory)
        {
            throw new UnsafePathException(sshDir, "it is not a plain directory (a link is never followed).");
        }

        var path = sshDir.Combine("authorized_keys");
        var entry = files.Inspect(path);
        if (!entry.Exists)
        {
            return [];
        }

        if (entry.Size > MaxBytes)
        {
            throw new InputRejectedException("authorized_keys", $"'{path}' is larger than {MaxBytes / 1024} KiB; it was not read.");
        }

        var bytes = files.ReadBytesNoFollow(path);
        if (bytes is null)
        {
            return [];
        }

        if (bytes.Length > MaxBytes)
        {
            throw new InputRejectedException("authorized_keys", $"'{path}' is larger than {MaxBytes / 1024} KiB; it was not read.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var managed in managedKeys)
        {
            if (SshPublicKey.TryParse(managed, out var key, out _))
            {
                seen.Add(Identity(key));
            }
        }

        var arrived = new List<ArrivedKey>();
        foreach (var line in System.Text.Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#' || !SshPublicKey.TryParse(trimmed, out var key, out _) || !seen.Add(Identity(key)))
            {
                continue;
            }

            arrived.Add(new ArrivedKey(key.Algorithm, key.Fingerprint, key.Comment, key.ToAuthorizedKeysLine()));
        }

        return arrived;
    }

    private static string Identity(SshPublicKey key) => key.Algorithm + " " + key.Base64Blob;
}
