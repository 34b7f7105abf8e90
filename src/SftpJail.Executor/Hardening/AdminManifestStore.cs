using System.Text.Json;
using SftpJail.Core.Model;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Hardening;

/// <summary>The admin accounts SftpJail created (state dir, root-only): the only admin accounts it will ever remove.</summary>
public sealed class AdminManifestStore(HostProfile profile, HostFileSystem files)
{
    private const int PrivateFile = 0b110_000_000;

    public Core.Values.AbsolutePath Path => profile.StateDir.Combine("admins.json");

    public IReadOnlyList<string> Load()
    {
        var text = files.ReadTextNoFollow(Path);
        return text is null ? [] : JsonSerializer.Deserialize<List<string>>(text) ?? [];
    }

    public void Save(IEnumerable<string> created) =>
        new AtomicFileWriter(files).Write(Path, JsonSerializer.Serialize(created.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()) + "\n", PrivateFile);
}
