using System.Text.Json;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>The executor's record of what it created; only what is listed here is ever removed or archived.</summary>
internal sealed class ManifestStore(HostProfile profile, HostFileSystem files)
{
    private const int PrivateFile = 0b110_000_000; // 0600

    public ExecutorManifest Load()
    {
        var text = files.ReadTextNoFollow(profile.ManifestPath);
        if (text is null)
        {
            return ExecutorManifest.Empty;
        }

        var stored = JsonSerializer.Deserialize<StoredManifest>(text) ?? throw new InvalidDataException($"{profile.ManifestPath} is empty or not a manifest.");
        return new ExecutorManifest(stored.Sites ?? [], stored.Users ?? []);
    }

    public void Save(ExecutorManifest manifest)
    {
        var stored = new StoredManifest(
            manifest.Sites.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            manifest.Users.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
        new AtomicFileWriter(files).Write(profile.ManifestPath, JsonSerializer.Serialize(stored) + "\n", PrivateFile, 0, 0);
    }

    private sealed record StoredManifest(List<string>? Sites, List<string>? Users);
}
