using System.Globalization;
using System.Text.RegularExpressions;

namespace SftpJail.Core.Activity;

/// <summary>
/// Turns one sshd or internal-sftp log message into an <see cref="ActivityEvent"/>, or null. The message is matched
/// whole (anchored at both ends) and the program that logged it decides which patterns apply: only sshd's own
/// messages are logins, only internal-sftp's are file operations. A customer's filename is the one free text in a
/// file-operation message, so the fixed suffix after it ("flags … mode …", "bytes read … written …") is matched at
/// the end of the line, where a filename cannot reach: a name that imitates the suffix stays part of the name.
/// </summary>
public static partial class SshdActivityParser
{
    private const string Methods = "password|publickey|keyboard-interactive/pam|keyboard-interactive|hostbased|none";

    [GeneratedRegex(@"^Accepted (" + Methods + @") for ([a-z_][a-z0-9_-]{0,31}) from (\S+) port (\d{1,5}) ssh2(?:: \S+ \S+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Accepted();

    [GeneratedRegex(@"^Failed (" + Methods + @") for (invalid user )?(\S*) from (\S+) port (\d{1,5}) ssh2$", RegexOptions.CultureInvariant)]
    private static partial Regex Failed();

    [GeneratedRegex(@"^session (opened|closed) for local user ([a-z_][a-z0-9_-]{0,31}) from \[([^\]\s]*)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex Session();

    [GeneratedRegex(@"^open ""(.*)"" flags ([A-Z,]+) mode (0[0-7]{0,6})$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Open();

    [GeneratedRegex(@"^close ""(.*)"" bytes read (\d{1,19}) written (\d{1,19})$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Close();

    [GeneratedRegex(@"^remove name ""(.*)""$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Remove();

    [GeneratedRegex(@"^mkdir name ""(.*)"" mode (0[0-7]{0,6})$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Mkdir();

    [GeneratedRegex(@"^rmdir name ""(.*)""$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Rmdir();

    [GeneratedRegex(@"^(?:posix-)?rename old ""(.*)""$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Rename();

    /// <summary>Whether <paramref name="identifier"/> is the SFTP server inside a session (internal-sftp, or sftp-server when exec'd).</summary>
    public static bool IsSftpServer(string identifier) => identifier is "internal-sftp" or "sftp-server";

    public static bool IsSshd(string identifier) => identifier is "sshd" or "sshd-session";

    public static ActivityEvent? Parse(string identifier, int pid, DateTimeOffset atUtc, string message)
    {
        if (message.Contains('\n', StringComparison.Ordinal) || message.Contains('\r', StringComparison.Ordinal))
        {
            // OpenSSH escapes control characters before logging; a raw one means the line was not written by it whole.
            return null;
        }

        if (IsSshd(identifier))
        {
            return ParseSshd(pid, atUtc, message);
        }

        return IsSftpServer(identifier) ? ParseSftp(pid, atUtc, message) : null;
    }

    private static ActivityEvent? ParseSshd(int pid, DateTimeOffset at, string message)
    {
        if (Accepted().Match(message) is { Success: true } ok)
        {
            return new(ActivityEventKind.LoginAccepted, at, pid, ok.Groups[2].Value, ok.Groups[3].Value, Port(ok.Groups[4].Value), ok.Groups[1].Value);
        }

        if (Failed().Match(message) is { Success: true } failed)
        {
            return new(ActivityEventKind.LoginFailed, at, pid, failed.Groups[3].Value, failed.Groups[4].Value, Port(failed.Groups[5].Value), failed.Groups[1].Value,
                Flags: failed.Groups[2].Success ? "invalid-user" : null);
        }

        return null;
    }

    private static ActivityEvent? ParseSftp(int pid, DateTimeOffset at, string message)
    {
        if (Session().Match(message) is { Success: true } session)
        {
            var kind = session.Groups[1].Value == "opened" ? ActivityEventKind.SessionOpened : ActivityEventKind.SessionClosed;
            return new(kind, at, pid, session.Groups[2].Value, session.Groups[3].Value);
        }

        if (Open().Match(message) is { Success: true } open)
        {
            return new(ActivityEventKind.FileOpened, at, pid, Path: OpenSshUnvis.Decode(open.Groups[1].Value), Flags: open.Groups[2].Value);
        }

        if (Close().Match(message) is { Success: true } close)
        {
            return new(ActivityEventKind.FileClosed, at, pid, Path: OpenSshUnvis.Decode(close.Groups[1].Value),
                BytesRead: Bytes(close.Groups[2].Value), BytesWritten: Bytes(close.Groups[3].Value));
        }

        if (Remove().Match(message) is { Success: true } remove)
        {
            return new(ActivityEventKind.Removed, at, pid, Path: OpenSshUnvis.Decode(remove.Groups[1].Value));
        }

        if (Mkdir().Match(message) is { Success: true } mkdir)
        {
            return new(ActivityEventKind.DirectoryCreated, at, pid, Path: OpenSshUnvis.Decode(mkdir.Groups[1].Value));
        }

        if (Rmdir().Match(message) is { Success: true } rmdir)
        {
            return new(ActivityEventKind.DirectoryRemoved, at, pid, Path: OpenSshUnvis.Decode(rmdir.Groups[1].Value));
        }

        return Rename().Match(message) is { Success: true } rename ? ParseRename(pid, at, rename.Groups[1].Value) : null;
    }

    /// <summary>
    /// "old" and "new" are both customer text, so <c>" new "</c> inside a name makes the split ambiguous. It stays one
    /// rename event either way (a name cannot add an event); an ambiguous one is flagged and split at the first marker.
    /// </summary>
    private static ActivityEvent? ParseRename(int pid, DateTimeOffset at, string inner)
    {
        const string Marker = "\" new \"";
        var first = inner.IndexOf(Marker, StringComparison.Ordinal);
        if (first < 0)
        {
            return null;
        }

        var ambiguous = inner.IndexOf(Marker, first + 1, StringComparison.Ordinal) >= 0;
        return new(ActivityEventKind.Renamed, at, pid,
            Path: OpenSshUnvis.Decode(inner[..first]),
            NewPath: OpenSshUnvis.Decode(inner[(first + Marker.Length)..]),
            Flags: ambiguous ? "ambiguous" : null);
    }

    private static int Port(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0;

    private static long Bytes(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : long.MaxValue;
}
