using System.Text.RegularExpressions;

namespace SftpJail.Executor.Hardening;

public enum SshdLogEventKind
{
    /// <summary>"Failed password|publickey|keyboard-interactive… for [invalid user] NAME from IP port N".</summary>
    FailedAttempt,

    /// <summary>"Connection closed by|Disconnected from (authenticating|invalid) user NAME IP port N [preauth]".</summary>
    ClosedBeforeAuthentication,

    /// <summary>"Accepted publickey for NAME from IP port N ssh2: ED25519 SHA256:…".</summary>
    AcceptedKey,
}

/// <summary>One sshd log message that matters for login security, parsed from the message text alone (no timestamp).</summary>
public sealed partial record SshdLogEvent(SshdLogEventKind Kind, string User, string Address, int Port, string? Fingerprint = null, bool InvalidUser = false)
{
    [GeneratedRegex(@"^Failed (?:password|publickey|keyboard-interactive/pam|keyboard-interactive|none|hostbased) for (invalid user )?(\S*) from (\S+) port (\d+)")]
    private static partial Regex Failed();

    [GeneratedRegex(@"^(?:Connection closed by|Disconnected from) (authenticating|invalid) user (\S*) (\S+) port (\d+) \[preauth\]")]
    private static partial Regex Closed();

    [GeneratedRegex(@"^Accepted publickey for (\S+) from (\S+) port (\d+) ssh2: \S+ (SHA256:[A-Za-z0-9+/]+)")]
    private static partial Regex Accepted();

    public static SshdLogEvent? TryParse(string message)
    {
        if (Failed().Match(message) is { Success: true } failed)
        {
            return new(SshdLogEventKind.FailedAttempt, failed.Groups[2].Value, failed.Groups[3].Value, ToPort(failed.Groups[4]), InvalidUser: failed.Groups[1].Success);
        }

        if (Closed().Match(message) is { Success: true } closed)
        {
            return new(SshdLogEventKind.ClosedBeforeAuthentication, closed.Groups[2].Value, closed.Groups[3].Value, ToPort(closed.Groups[4]), InvalidUser: closed.Groups[1].Value == "invalid");
        }

        if (Accepted().Match(message) is { Success: true } accepted)
        {
            return new(SshdLogEventKind.AcceptedKey, accepted.Groups[1].Value, accepted.Groups[2].Value, ToPort(accepted.Groups[3]), accepted.Groups[4].Value);
        }

        return null;
    }

    private static int ToPort(Group group) => int.TryParse(group.Value, out var port) ? port : 0;
}
