using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Hardening;

/// <summary>
/// The open enrolment window and the last successfully applied desired state, as root-only JSON files in the
/// executor's state directory. Both survive an executor or panel restart: the timer that closes the window reads
/// them again on start and re-applies the stored state once the window has expired.
/// </summary>
public sealed class EnrolmentStore(HostProfile profile, HostFileSystem files)
{
    private const int PrivateFile = 0b110_000_000; // 0600: the state names accounts and keys

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private RememberedFile<DesiredStateDto>? lastApplied;

    public AbsolutePath WindowPath => profile.StateDir.Combine("enrolment.json");

    public AbsolutePath LastAppliedPath => profile.StateDir.Combine("last-applied.json");

    private RememberedFile<DesiredStateDto> LastApplied => lastApplied ??= new RememberedFile<DesiredStateDto>(LastAppliedPath);

    public EnrolmentWindow? LoadWindow()
    {
        var text = files.ReadTextNoFollow(WindowPath);
        if (text is null)
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredWindow>(text, Json) ?? throw new InvalidDataException($"{WindowPath} is not an enrolment window.");
        return new EnrolmentWindow(LinuxUserName.Parse(stored.Admin, "enrolment admin"), stored.ExpiresAtUtc);
    }

    public void SaveWindow(EnrolmentWindow window) =>
        new AtomicFileWriter(files).Write(WindowPath, JsonSerializer.Serialize(new StoredWindow(window.Admin.Value, window.ExpiresAtUtc), Json) + "\n", PrivateFile);

    /// <summary>Removes the stored window; when <paramref name="onlyIf"/> is given, only if it is still that window (a newer one stays).</summary>
    public void ClearWindow(EnrolmentWindow? onlyIf = null)
    {
        if (onlyIf is null || LoadWindow() == onlyIf)
        {
            files.RemoveFile(WindowPath);
        }
    }

    /// <summary>Parsed again only when the file changed since this store last read or wrote it (<see cref="RememberedFile{T}"/>).</summary>
    public DesiredStateDto? LoadLastApplied() => LastApplied.Read(() =>
    {
        var text = files.ReadTextNoFollow(LastAppliedPath);
        return text is null ? null : JsonSerializer.Deserialize<DesiredStateDto>(text, Json);
    });

    public void SaveLastApplied(DesiredStateDto state)
    {
        LastApplied.Forget();
        new AtomicFileWriter(files).Write(LastAppliedPath, JsonSerializer.Serialize(state, Json) + "\n", PrivateFile);
        LastApplied.Wrote(state);
    }

    private sealed record StoredWindow(string Admin, DateTimeOffset ExpiresAtUtc);
}
