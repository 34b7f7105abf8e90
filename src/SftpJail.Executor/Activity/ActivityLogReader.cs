using System.Globalization;
using SftpJail.Core.Activity;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Activity;

/// <summary>
/// Follows sshd's and internal-sftp's messages from a cursor: the systemd journal (<c>journalctl -o json
/// --after-cursor</c>), when there is one, and log files by inode and offset. Stateless: the caller keeps the cursor.
/// <paramref name="syslogFiles"/> (auth.log, secure) are read only when there is no journal: they hold the same messages.
/// </summary>
public sealed class ActivityLogReader(
    IProcessRunner runner,
    IReadOnlyList<ActivityLogFile> files,
    bool useJournal,
    IReadOnlyList<ActivityLogFile>? syslogFiles = null,
    string journalctl = "/usr/bin/journalctl",
    TimeProvider? time = null)
{
    /// <summary>Without a cursor the journal is read from this far back, not from its beginning.</summary>
    public static readonly TimeSpan FirstReadWindow = TimeSpan.FromDays(1);

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    public IReadOnlyList<ActivityLogFile> Files => files;

    public async Task<ActivityBatch> ReadAsync(string? cursorText, int max, CancellationToken cancellationToken)
    {
        max = Math.Clamp(max, 1, IActivitySource.MaxEventsPerBatch);
        var cursor = ActivityCursor.Parse(cursorText);
        var now = clock.GetUtcNow();
        var sources = new List<string>();
        var lines = new List<ActivityLogLine>();
        var more = false;

        var journalCursor = cursor.Journal;
        var followed = files;
        if (useJournal && await ReadJournalAsync(cursor.Journal, now, max, cancellationToken) is { } journal)
        {
            sources.Add("journal");
            lines.AddRange(journal.Lines);
            journalCursor = journal.Cursor ?? journalCursor;
            more |= journal.More;
        }
        else if (syslogFiles is not null)
        {
            followed = [.. files, .. syslogFiles];
        }

        var positions = new Dictionary<string, FilePosition>(StringComparer.Ordinal);
        foreach (var file in followed)
        {
            var from = cursor.Files.GetValueOrDefault(file.Path);
            if (LogFileFollower.Read(file, from, max, now) is not { } read)
            {
                if (from is not null)
                {
                    positions[file.Path] = from;
                }

                continue;
            }

            sources.Add(file.Path);
            lines.AddRange(read.Lines);
            positions[file.Path] = read.Position;
            more |= read.Lines.Count >= max;
        }

        var events = lines.Select(l => l.ToEvent()).OfType<ActivityEvent>().OrderBy(e => e.AtUtc).ToList();
        var next = new ActivityCursor(journalCursor, positions).ToString();
        return sources.Count == 0 ? ActivityBatch.NoSource(next) : new ActivityBatch(true, sources, events, next, more);
    }

    private async Task<(List<ActivityLogLine> Lines, string? Cursor, bool More)?> ReadJournalAsync(string? after, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        if (!File.Exists(journalctl))
        {
            return null;
        }

        List<string> args = ["--no-pager", "-q", "-o", "json", "-t", "sshd", "-t", "sshd-session", "-t", "internal-sftp", "-t", "sftp-server"];
        args.AddRange(after is null
            ? ["--since", "@" + (now - FirstReadWindow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)]
            : ["--after-cursor", after]);
        ProcessResult result;
        try
        {
            result = await runner.RunAsync(new ProcessSpec(journalctl, args) { Timeout = TimeSpan.FromSeconds(30) }, cancellationToken);
        }
        catch (Exception ex) when (ex is HostCommandException or TimeoutException)
        {
            return null;
        }

        if (!result.Succeeded || result.StandardError.Contains("No journal files", StringComparison.Ordinal))
        {
            return null;
        }

        var lines = new List<ActivityLogLine>();
        string? cursor = null;
        var more = false;
        foreach (var entry in JournalActivityParser.Parse(result.StandardOutput))
        {
            if (lines.Count >= max)
            {
                more = true;
                break;
            }

            cursor = entry.Cursor;
            if (entry.Line is { } line)
            {
                lines.Add(line);
            }
        }

        return (lines, cursor, more);
    }
}
