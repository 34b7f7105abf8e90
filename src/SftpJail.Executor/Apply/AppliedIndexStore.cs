using System.Text.Json;
using SftpJail.Core.Model;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

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
/// The daemon keeps the index it last wrote or read in memory and reuses it while the file still has the same inode,
/// size and status-change time (one statx instead of parsing megabytes of JSON per apply at 10,000 sites); any
/// rewrite, replacement or removal of the file makes the next load read it again.
/// </summary>
internal sealed class AppliedIndexStore(HostProfile profile, HostFileSystem files)
{
    private const int PrivateFile = 0b110_000_000; // 0600

    private (FileIdentity File, AppliedIndex Index)? remembered;

    public Core.Values.AbsolutePath Path => profile.StateDir.Combine("applied-index.json");

    public AppliedIndex? Load()
    {
        try
        {
            var before = FileIdentity.Of(Path);
            if (before is null)
            {
                remembered = null;
                return null;
            }

            if (remembered is { } known && known.File == before)
            {
                return known.Index;
            }

            var text = files.ReadTextNoFollow(Path);
            var index = text is null ? null : JsonSerializer.Deserialize<AppliedIndex>(text);
            var valid = index is { Version: AppliedIndex.CurrentVersion, Sites: not null } ? index : null;

            // Remembered only when the file did not change while it was read.
            remembered = valid is not null && FileIdentity.Of(Path) == before ? (before.Value, valid) : null;
            return valid;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or UnsafePathException)
        {
            remembered = null;
            return null;
        }
    }

    public void Save(AppliedIndex index)
    {
        remembered = null;
        new AtomicFileWriter(files).Write(Path, JsonSerializer.Serialize(index) + "\n", PrivateFile, 0, 0);
        remembered = FileIdentity.Of(Path) is { } written ? (written, index) : null;
    }

    public void Forget()
    {
        remembered = null;
        if (files.Inspect(profile.StateDir).Kind == FileKind.Directory)
        {
            files.RemoveFile(Path);
        }
    }

    /// <summary>What tells one version of the file from another without reading it: any write through rename or in place changes one of these.</summary>
    private readonly record struct FileIdentity(ulong Inode, ulong Size, long ChangeSeconds, uint ChangeNanoseconds)
    {
        public static FileIdentity? Of(Core.Values.AbsolutePath path) =>
            Posix.TryStatNoFollow(null, path.Value, path.Value, out var stat) && stat.IsRegularFile
                ? new FileIdentity(stat.Inode, stat.Size, stat.ChangeSeconds, stat.ChangeNanoseconds)
                : null;
    }
}
