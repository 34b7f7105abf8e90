using System.Text.RegularExpressions;

namespace SftpJail.Executor.Activity;

/// <summary>
/// Decides whether a datagram's sender may have written the internal-sftp line it carries. internal-sftp runs as the
/// customer's account, so a line is accepted only from root or from the very process the line names (the syslog
/// header's pid must be the kernel's pid for the sender) running as the account the line is attributed to: a session
/// line names its account; a file operation is attributed by pid to the session that pid opened, so it must come from
/// the uid that opened it. Anyone else who reaches a chroot's <c>dev/log</c> (a customer's PHP, another customer)
/// cannot log for someone else. Thread-safe: every listener's loop asks it.
/// </summary>
public sealed partial class RelaySenderCheck(Func<string, uint?> userId)
{
    /// <summary>Sessions whose close was never logged are forgotten past this many (a pid is reused by then anyway).</summary>
    private const int MaxSessions = 65_536;

    private readonly Lock gate = new();
    private readonly Dictionary<int, uint> sessionOwners = [];

    public RelaySenderCheck()
        : this(name => Socket.AccountLookup.FindUserId(name))
    {
    }

    [GeneratedRegex(@"^session (opened|closed) for local user ([a-z_][a-z0-9_-]{0,31}) from ", RegexOptions.CultureInvariant)]
    private static partial Regex SessionLine();

    /// <summary>Null when the line is accepted, else why not (a fixed sentence: never any of the datagram's text).</summary>
    public string? Refusal(RelaySender? sender, int pid, string message)
    {
        if (sender is not { } from)
        {
            return "it came without the sender's credentials";
        }

        if (from.IsRoot)
        {
            return null;
        }

        if (from.Pid != pid)
        {
            return "its pid is not the sender's";
        }

        var session = SessionLine().Match(message);
        lock (gate)
        {
            if (session.Success)
            {
                if (userId(session.Groups[2].Value) != from.Uid)
                {
                    return "it names an account that is not the sender's";
                }

                if (session.Groups[1].Value == "opened")
                {
                    if (sessionOwners.Count >= MaxSessions)
                    {
                        sessionOwners.Clear();
                    }

                    sessionOwners[pid] = from.Uid;
                }
                else
                {
                    sessionOwners.Remove(pid);
                }

                return null;
            }

            // A pid reused by another account while the old session still looks open must not log for that session.
            return sessionOwners.TryGetValue(pid, out var owner) && owner != from.Uid
                ? "its pid belongs to another account's session"
                : null;
        }
    }
}
