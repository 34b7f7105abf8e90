using System.Globalization;
using System.Text.Json;

namespace SftpJail.Core.Activity;

/// <summary>A journal entry's message (null when it is not one SftpJail reads) and the cursor just after it.</summary>
public sealed record JournalEntry(ActivityLogLine? Line, string Cursor);

/// <summary>
/// <c>journalctl -o json</c> output: one object per line with MESSAGE, _PID, SYSLOG_IDENTIFIER,
/// __REALTIME_TIMESTAMP (microseconds) and __CURSOR. A MESSAGE that is not UTF-8 comes as an array of bytes and is
/// skipped, as is any line that is not such an object. The identifier is the journal's (set by the process that
/// logged), never read from the message text.
/// </summary>
public static class JournalActivityParser
{
    public static IEnumerable<JournalEntry> Parse(string output)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ParseLine(line) is { } entry)
            {
                yield return entry;
            }
        }
    }

    public static JournalEntry? ParseLine(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "__CURSOR") is not { } cursor)
            {
                return null;
            }

            if (Text(root, "MESSAGE") is not { } message
                || Text(root, "SYSLOG_IDENTIFIER") is not { } identifier
                || !long.TryParse(Text(root, "__REALTIME_TIMESTAMP"), NumberStyles.None, CultureInfo.InvariantCulture, out var micros))
            {
                return new JournalEntry(null, cursor);
            }

            var pid = int.TryParse(Text(root, "_PID") ?? Text(root, "SYSLOG_PID"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
            return new JournalEntry(new ActivityLogLine(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), identifier, pid, message), cursor);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
