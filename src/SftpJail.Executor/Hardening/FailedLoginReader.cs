using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SftpJail.Core.Values;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Hardening;

/// <summary>
/// Recent failed SSH logins per user and address, and accepted key logins, from the systemd journal
/// (<c>journalctl -o json</c>, sshd's and sshd-session's messages) or, without a journal, from the syslog file
/// (/var/log/auth.log on Debian, /var/log/secure on RHEL). Neither existing is normal in containers: the report then
/// says "none" and that no source was found, so nobody reads its empty lists as "no failed logins".
/// </summary>
public sealed partial class FailedLoginReader(IProcessRunner runner, IReadOnlyList<string> logFiles, string journalctl = "/usr/bin/journalctl") : IAcceptedKeyLog
{
    public static IReadOnlyList<string> DefaultLogFiles { get; } = ["/var/log/auth.log", "/var/log/secure"];

    [GeneratedRegex(@"\bsshd(?:-session)?\[\d+\]: (.*)$")]
    private static partial Regex SyslogSshd();

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))\s")]
    private static partial Regex Rfc3339Prefix();

    [GeneratedRegex(@"^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}:\d{2}:\d{2})\s")]
    private static partial Regex BsdPrefix();

    public async Task<LoginReport> ReadAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var entries = await ReadJournalAsync(since, cancellationToken);
        var source = "journal";
        if (entries is null)
        {
            (source, entries) = ReadFiles(since, DateTimeOffset.UtcNow);
            if (entries is null)
            {
                return LoginReport.Nothing;
            }
        }

        return Summarise(source, entries);
    }

    public async Task<AcceptedKeyLogin?> FindAcceptedKeyLoginAsync(LinuxUserName user, IReadOnlySet<string> fingerprints, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var report = await ReadAsync(since, cancellationToken);
        return report.AcceptedKeys
            .Where(a => a.User == user.Value && fingerprints.Contains(a.Fingerprint))
            .MaxBy(a => a.AtUtc);
    }

    /// <summary>Groups timestamped messages into per-connection outcomes (a connection is address + source port).</summary>
    public static LoginReport Summarise(string source, IEnumerable<(DateTimeOffset At, string Message)> entries)
    {
        var connections = new Dictionary<(string Address, int Port), Connection>();
        var accepted = new List<AcceptedKeyLogin>();
        foreach (var (at, message) in entries)
        {
            if (SshdLogEvent.TryParse(message) is not { } evt)
            {
                continue;
            }

            if (evt.Kind == SshdLogEventKind.AcceptedKey)
            {
                accepted.Add(new AcceptedKeyLogin(evt.User, evt.Address, evt.Fingerprint!, at));
                continue;
            }

            var key = (evt.Address, evt.Port);
            var state = connections.GetValueOrDefault(key) ?? new Connection(evt.User, 0, false, false, at);
            connections[key] = evt.Kind == SshdLogEventKind.FailedAttempt
                ? state with { User = evt.User, Failed = state.Failed + 1, Invalid = state.Invalid || evt.InvalidUser, Last = Max(state.Last, at) }
                : state with { Closed = true, Invalid = state.Invalid || evt.InvalidUser, Last = Max(state.Last, at) };
        }

        var failures = connections
            .Select(c => (c.Key.Address, c.Value.User, Attempts: Math.Max(c.Value.Failed, c.Value.Closed ? 1 : 0), c.Value.Last, c.Value.Invalid))
            .GroupBy(c => (c.User, c.Address))
            .Select(g => new FailedLoginSummary(g.Key.User, g.Key.Address, g.Sum(c => c.Attempts), g.Max(c => c.Last), g.Any(c => c.Invalid)))
            .OrderByDescending(f => f.Attempts).ThenBy(f => f.User, StringComparer.Ordinal).ThenBy(f => f.Address, StringComparer.Ordinal)
            .ToList();
        return new LoginReport(source, failures, accepted);
    }

    /// <summary>Parses syslog lines (RFC 3339 stamps as Debian 12's rsyslog writes them, or classic "Nov 22 05:00:08").</summary>
    public static IEnumerable<(DateTimeOffset At, string Message)> ParseSyslog(IEnumerable<string> lines, DateTimeOffset since, DateTimeOffset now)
    {
        foreach (var line in lines)
        {
            if (SyslogSshd().Match(line) is not { Success: true } sshd || Timestamp(line, now) is not { } at || at < since)
            {
                continue;
            }

            yield return (at, sshd.Groups[1].Value.TrimEnd('\r'));
        }
    }

    /// <summary>Parses <c>journalctl -o json</c> output: one object per line; MESSAGE may be an array of bytes when not UTF-8, which is skipped.</summary>
    public static IEnumerable<(DateTimeOffset At, string Message)> ParseJournal(string json)
    {
        foreach (var line in json.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object
                    && root.TryGetProperty("MESSAGE", out var message) && message.ValueKind == JsonValueKind.String
                    && root.TryGetProperty("__REALTIME_TIMESTAMP", out var stamp) && stamp.ValueKind == JsonValueKind.String
                    && long.TryParse(stamp.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var micros))
                {
                    yield return (DateTimeOffset.UnixEpoch.AddTicks(micros * 10), message.GetString()!);
                }
            }
        }
    }

    private async Task<List<(DateTimeOffset, string)>?> ReadJournalAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (!File.Exists(journalctl))
        {
            return null;
        }

        ProcessResult result;
        try
        {
            // -t matches the syslog identifier: sshd (and sshd-session from OpenSSH 9.8), whichever unit started it.
            var sinceArg = "@" + since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            result = await runner.RunAsync(
                new ProcessSpec(journalctl, ["--no-pager", "-q", "-o", "json", "--since", sinceArg, "-t", "sshd", "-t", "sshd-session"]) { Timeout = TimeSpan.FromSeconds(30) },
                cancellationToken);
        }
        catch (Exception ex) when (ex is HostCommandException or TimeoutException)
        {
            return null;
        }

        var entries = ParseJournal(result.StandardOutput).ToList();
        // "No journal files were found." (containers, hosts with only rsyslog) exits 0 with nothing: fall back to the files.
        return !result.Succeeded || (entries.Count == 0 && result.StandardError.Contains("No journal files", StringComparison.Ordinal)) ? null : entries;
    }

    /// <summary>The first log file that exists and can be read; no entries (null) when none can.</summary>
    private (string Source, List<(DateTimeOffset, string)>? Entries) ReadFiles(DateTimeOffset since, DateTimeOffset now)
    {
        foreach (var path in logFiles)
        {
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                return (path, ParseSyslog(File.ReadLines(path), since, now).ToList());
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
        }

        return ("none", null);
    }

    private static DateTimeOffset? Timestamp(string line, DateTimeOffset now)
    {
        if (Rfc3339Prefix().Match(line) is { Success: true } rfc
            && DateTimeOffset.TryParse(rfc.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stamped))
        {
            return stamped.ToUniversalTime();
        }

        if (BsdPrefix().Match(line) is { Success: true } bsd
            && DateTime.TryParseExact($"{now.Year} {bsd.Groups[1].Value} {bsd.Groups[2].Value} {bsd.Groups[3].Value}", "yyyy MMM d HH:mm:ss",
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var classic))
        {
            // The classic format has no year (and no zone; taken as UTC): a stamp in the future belongs to last year.
            var at = new DateTimeOffset(classic, TimeSpan.Zero);
            return at > now.AddDays(1) ? at.AddYears(-1) : at;
        }

        return null;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record Connection(string User, int Failed, bool Closed, bool Invalid, DateTimeOffset Last);
}
