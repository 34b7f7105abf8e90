using System.Text.Json;
using SftpJail.Core.Model;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>One site as the last successful apply left it: the digest of its target and the prints of its paths.</summary>
internal sealed record AppliedSite(string Digest, SortedDictionary<string, string> Prints);

/// <summary>What an incremental apply relies on: per site, what the last successful apply converged and how it left it.</summary>
internal sealed record AppliedIndex(int Version, SortedDictionary<string, AppliedSite> Sites)
{
    // 2: directory prints include the ACLs; an index of version 1 is no record (one full converge).
    public const int CurrentVersion = 2;
}

/// <summary>
/// The applied index in the state directory (<c>applied-index.json</c>, root-only). It is only ever a shortcut: a missing,
/// unreadable or older one means the next apply converges the whole host, so losing it can cost time, never safety.
/// The daemon keeps the index it last wrote or read in memory while the file is unchanged (<see cref="RememberedFile{T}"/>).
/// </summary>
internal sealed class AppliedIndexStore(HostProfile profile, HostFileSystem files)
{
    private const int PrivateFile = 0b110_000_000; // 0600

    private RememberedFile<AppliedIndex>? remembered;

    public Core.Values.AbsolutePath Path => profile.StateDir.Combine("applied-index.json");

    private RememberedFile<AppliedIndex> Remembered => remembered ??= new RememberedFile<AppliedIndex>(Path);

    public AppliedIndex? Load()
    {
        try
        {
            return Remembered.Read(() =>
            {
                var text = files.ReadTextNoFollow(Path);
                var index = text is null ? null : JsonSerializer.Deserialize<AppliedIndex>(text);
                return index is { Version: AppliedIndex.CurrentVersion, Sites: not null } ? index : null;
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or UnsafePathException)
        {
            Remembered.Forget();
            return null;
        }
    }

    public void Save(AppliedIndex index)
    {
        Remembered.Forget();
        new AtomicFileWriter(files).Write(Path, JsonSerializer.Serialize(index) + "\n", PrivateFile, 0, 0);
        Remembered.Wrote(index);
    }

    public void Forget()
    {
        Remembered.Forget();
        if (files.Inspect(profile.StateDir).Kind == FileKind.Directory)
        {
            files.RemoveFile(Path);
        }
    }
}
