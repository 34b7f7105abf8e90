using System.Text.Json;
using SftpJail.Core.Model;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Apply;

/// <summary>An account an apply is about to create: the name and the home (its chroot) it will have.</summary>
internal sealed record IntendedUser(string Name, string Home);

/// <summary>
/// What one apply is about to create on the host that only the manifest would otherwise remember: its new accounts
/// and its new sites. Written (synced) before the first host change and cleared once the manifest holds the outcome.
/// </summary>
internal sealed record ApplyIntent(string Id, DateTimeOffset Started, IReadOnlyList<IntendedUser> Users, IReadOnlyList<string> Sites)
{
    public bool IsEmpty => Users.Count == 0 && Sites.Count == 0;
}

/// <summary>
/// The write-ahead record of the apply in progress: <c>intent.json</c> in the root-only state directory, written
/// atomically and synced (file and directory) before the host changes, so after a crash, a kill or a full disk the
/// next apply knows which accounts and sites on the host are SftpJail's even though the manifest never said so.
/// </summary>
internal sealed class IntentJournal(HostProfile profile, HostFileSystem files, ApplyFaults? faults = null)
{
    private const int PrivateFile = 0b110_000_000; // 0600
    private const int PrivateDir = 0b111_000_000; // 0700, as the plan makes the state directory

    public AbsolutePath Path => profile.StateDir.Combine("intent.json");

    /// <summary>The intent an apply left unfinished, or null.</summary>
    public ApplyIntent? Load()
    {
        var text = files.ReadTextNoFollow(Path);
        return text is null ? null : JsonSerializer.Deserialize<ApplyIntent>(text) ?? throw new InvalidDataException($"{Path} is empty or not an intent record.");
    }

    /// <summary>
    /// False on a fresh host whose state directory's parent the plan itself makes first: the intent is then written
    /// as soon as the plan has made the state directory, which is before any account is created (base directories come first).
    /// </summary>
    public bool CanWriteNow => files.Inspect(profile.StateDir).Kind == FileKind.Directory || files.Inspect(profile.StateDir.Parent!).Kind == FileKind.Directory;

    /// <summary>Durable once this returns. The state directory is made first on a fresh host (its parent is checked by the planner).</summary>
    public void Write(ApplyIntent intent)
    {
        faults?.At("write intent");
        if (files.Inspect(profile.StateDir).Kind == FileKind.Missing)
        {
            files.EnsureDirectory(profile.StateDir, 0, 0, PrivateDir);
        }

        new AtomicFileWriter(files).Write(Path, JsonSerializer.Serialize(intent) + "\n", PrivateFile, 0, 0);
        faults?.At("intent written");
    }

    /// <summary>Removes the record and syncs the directory, so a crash after this cannot bring it back.</summary>
    public void Clear()
    {
        faults?.At("clear intent");
        if (files.Inspect(Path).Kind != FileKind.Missing && files.RemoveFile(Path))
        {
            using var directory = Posix.OpenDirectory(profile.StateDir.Value);
            Posix.Sync(directory, profile.StateDir.Value);
        }
    }
}
