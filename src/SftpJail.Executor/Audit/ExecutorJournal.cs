using System.Text;
using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Audit;

/// <summary>
/// The executor's own append-only record of what it did and refused, whoever asked: one JSON line per event in
/// <c>executor-audit.jsonl</c> (0600, root), fsynced before the caller hears back. Each line carries the MAC of the
/// line before it and its own, made with the executor key, so an edited, removed or reordered line is found by
/// <see cref="Verify"/>. It is the record the panel cannot touch: the panel's uid cannot even read the state directory.
/// </summary>
internal sealed class ExecutorJournal(ExecutorAuditPaths paths, HostFileSystem files)
{
    public const string Purpose = "sftpjail-journal-v1";

    private const int AppendFlags = OpenFlags.WriteOnly | OpenFlags.Create | AppendFlag | OpenFlags.CloseOnExec;
    private const int AppendFlag = 0x400; // O_APPEND (asm-generic and x86 alike)

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public ExecutorJournalEntry Append(ExecutorCaller caller, string @event, string outcome, IReadOnlyList<string> detail, string? error = null)
    {
        using var _ = StateDirLock.Take(files, paths.Lock);
        var key = ExecutorKey.LoadOrCreate(files, paths.Key);
        // Only the last line is read: it holds the sequence number and the MAC this entry chains to.
        var lastLine = files.ReadLastLineNoFollow(paths.Journal);
        var isFirst = string.IsNullOrEmpty(lastLine);
        var last = isFirst ? null : TryParse(lastLine!);
        var body = new ExecutorJournalBody(
            (last?.Body.Seq ?? 0) + 1,
            DateTimeOffset.UtcNow,
            caller.ToString(),
            @event,
            outcome,
            detail,
            error,
            last?.Mac ?? AuditAnchor.GenesisMac);
        var entry = new ExecutorJournalEntry(body, key.Mac(Purpose, Canonical(body)));
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry.ToLine(), Json) + "\n");

        using var parent = files.OpenParentForChange(paths.Journal, out var name);
        using var fd = Posix.TryOpenAt(parent, name, AppendFlags | OpenFlags.NoFollow, ExecutorKey.PrivateFile, out var errno)
            ?? throw new PosixException("open", paths.Journal.Value, errno);
        Posix.WriteAll(fd, line, paths.Journal.Value);
        Posix.Sync(fd, paths.Journal.Value);
        if (isFirst)
        {
            Posix.Sync(parent, paths.StateDir.Value);
        }

        return entry;
    }

    public ExecutorJournalCheck Verify()
    {
        using var _ = StateDirLock.Take(files, paths.Lock);
        return VerifyLocked();
    }

    /// <summary>For a caller that already holds the <see cref="StateDirLock"/>.</summary>
    internal ExecutorJournalCheck VerifyLocked()
    {
        var lines = ReadLines();
        if (lines.Count == 0)
        {
            return new ExecutorJournalCheck(0, []);
        }

        var key = ExecutorKey.LoadOrCreate(files, paths.Key);
        var problems = new List<string>();
        var previous = AuditAnchor.GenesisMac;
        long expectedSeq = 1;
        foreach (var (index, text) in lines.Index())
        {
            var entry = TryParse(text);
            if (entry is null)
            {
                problems.Add($"line {index + 1} is not a journal entry");
                continue;
            }

            if (entry.Body.Seq != expectedSeq)
            {
                problems.Add($"line {index + 1} has number {entry.Body.Seq}, expected {expectedSeq} (an entry was removed or reordered)");
            }

            if (!ExecutorKey.Same(entry.Body.PreviousMac, previous))
            {
                problems.Add($"entry {entry.Body.Seq} does not follow the entry before it (an entry was removed, added or rewritten)");
            }

            if (!ExecutorKey.Same(key.Mac(Purpose, Canonical(entry.Body)), entry.Mac))
            {
                problems.Add($"entry {entry.Body.Seq} does not match its MAC (it was edited)");
            }

            previous = entry.Mac;
            expectedSeq = entry.Body.Seq + 1;
        }

        return new ExecutorJournalCheck(lines.Count, problems);
    }

    public IReadOnlyList<ExecutorJournalEntry> ReadAll() =>
        [.. ReadLines().Select(TryParse).OfType<ExecutorJournalEntry>()];

    private List<string> ReadLines() =>
        (files.ReadTextNoFollow(paths.Journal) ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Canonical(ExecutorJournalBody body) => JsonSerializer.Serialize(body, Json);

    private static ExecutorJournalEntry? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<ExecutorJournalLine>(line, Json) is { } parsed ? parsed.ToEntry() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What one journal line says; <see cref="PreviousMac"/> chains it to the line before.</summary>
internal sealed record ExecutorJournalBody(
    long Seq,
    DateTimeOffset At,
    string Caller,
    string Event,
    string Outcome,
    IReadOnlyList<string> Detail,
    string? Error,
    string PreviousMac);

internal sealed record ExecutorJournalEntry(ExecutorJournalBody Body, string Mac)
{
    public ExecutorJournalLine ToLine() =>
        new(Body.Seq, Body.At, Body.Caller, Body.Event, Body.Outcome, Body.Detail, Body.Error, Body.PreviousMac, Mac);
}

/// <summary>The stored form: the body's fields and the MAC, flat, one JSON object per line.</summary>
internal sealed record ExecutorJournalLine(
    long Seq,
    DateTimeOffset At,
    string Caller,
    string Event,
    string Outcome,
    IReadOnlyList<string> Detail,
    string? Error,
    string PreviousMac,
    string Mac)
{
    public ExecutorJournalEntry ToEntry() => new(new ExecutorJournalBody(Seq, At, Caller, Event, Outcome, Detail ?? [], Error, PreviousMac ?? string.Empty), Mac ?? string.Empty);
}
