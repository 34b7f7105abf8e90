using System.Globalization;
using System.Text.RegularExpressions;

namespace SftpJail.Core.Activity;

/// <summary>One log message with the program that wrote it: from a syslog line, a journal entry or a bare sshd -E line.</summary>
public sealed record ActivityLogLine(DateTimeOffset AtUtc, string Identifier, int Pid, string Message)
{
    public ActivityEvent? ToEvent() => SshdActivityParser.Parse(Identifier, Pid, AtUtc, Message);
}

/// <summary>
/// Syslog file lines: RFC 3339 stamps (Debian 12's rsyslog, and SftpJail's own relay file, which has no host name) or
/// the classic "Dec  1 17:00:00 host prog[pid]: message". A line without that shape is sshd's own -E output, which
/// has neither stamp nor pid: it is taken as <paramref name="bareIdentifier"/>'s, stamped with the time it was read.
/// </summary>
public static partial class SyslogLineParser
{
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (?:(\S+) )?([A-Za-z0-9_.-]{1,64})\[(\d{1,10})\]: (.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}:\d{2}:\d{2}) (?:(\S+) )?([A-Za-z0-9_.-]{1,64})\[(\d{1,10})\]: (.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Bsd();

    public static ActivityLogLine? Parse(string line, DateTimeOffset now, string? bareIdentifier = null)
    {
        line = line.TrimEnd('\r');
        if (Rfc3339().Match(line) is { Success: true } rfc
            && DateTimeOffset.TryParse(rfc.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stamped))
        {
            return new(stamped.ToUniversalTime(), rfc.Groups[3].Value, Pid(rfc.Groups[4].Value), rfc.Groups[5].Value);
        }

        if (Bsd().Match(line) is { Success: true } bsd
            && DateTime.TryParseExact($"{now.Year} {bsd.Groups[1].Value} {bsd.Groups[2].Value} {bsd.Groups[3].Value}", "yyyy MMM d HH:mm:ss",
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var classic))
        {
            // No year and no zone (taken as UTC): a stamp in the future belongs to last year.
            var at = new DateTimeOffset(classic, TimeSpan.Zero);
            return new(at > now.AddDays(1) ? at.AddYears(-1) : at, bsd.Groups[5].Value, Pid(bsd.Groups[6].Value), bsd.Groups[7].Value);
        }

        return bareIdentifier is null || line.Length == 0 ? null : new ActivityLogLine(now.ToUniversalTime(), bareIdentifier, 0, line);
    }

    /// <summary>The line SftpJail's relay writes for a message it received: parsed back by <see cref="Parse"/>.</summary>
    public static string Format(DateTimeOffset atUtc, string identifier, int pid, string message) =>
        $"{atUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)} {identifier}[{pid.ToString(CultureInfo.InvariantCulture)}]: {EscapeControls(message)}";

    /// <summary>OpenSSH has escaped everything already; a control character here did not come from it and is escaped octal, as vis would.</summary>
    public static string EscapeControls(string message)
    {
        if (!message.Any(char.IsControl))
        {
            return message;
        }

        var builder = new System.Text.StringBuilder(message.Length + 8);
        foreach (var c in message)
        {
            builder.Append(char.IsControl(c) ? "\\" + Convert.ToString(c & 0xff, 8).PadLeft(3, '0') : c.ToString());
        }

        return builder.ToString();
    }

    private static int Pid(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
}
