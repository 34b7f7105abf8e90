using System.Text.Json;
using SftpJail.Core.Model;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>
/// The managed users' password hashes as /etc/shadow had them at the last successful apply, in the root-only state
/// directory (0600, like /etc/shadow itself), so that an account deleted by hand comes back with the password its
/// customer knows. Only hashes: a password is never stored. A hash goes back through <c>chpasswd -e</c> on stdin.
/// Saving the bytes this store last wrote, to the file it wrote them to, writes nothing.
/// </summary>
internal sealed class PasswordHashStore(HostProfile profile, HostFileSystem files)
{
    private const int PrivateFile = 0b110_000_000; // 0600

    private readonly StateFileText file = new(profile.StateDir.Combine("password-hashes.json"));

    public Core.Values.AbsolutePath Path => profile.StateDir.Combine("password-hashes.json");

    public IReadOnlyDictionary<string, string> Load()
    {
        var text = files.ReadTextNoFollow(Path);
        return text is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<SortedDictionary<string, string>>(text) ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
    }

    public void Save(IReadOnlyDictionary<string, string> hashes)
    {
        if (hashes.Count == 0 && files.Inspect(Path).Kind == FileKind.Missing)
        {
            return;
        }

        var sorted = new SortedDictionary<string, string>(hashes.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        file.Write(files, JsonSerializer.Serialize(sorted) + "\n", PrivateFile);
    }
}
