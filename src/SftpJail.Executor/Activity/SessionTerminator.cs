using System.Globalization;
using SftpJail.Core.Activity;
using SftpJail.Core.Values;
using SftpJail.Executor.Sshd;

namespace SftpJail.Executor.Activity;

/// <summary>
/// Ends one customer's SFTP session by sending SIGTERM to its session process (internal-sftp runs inside an sshd
/// child), after checking from /proc that the pid is an sshd process whose every uid is the jailed account's: a pid
/// from a stale log line that now belongs to anyone else, or to root's sshd, is refused.
/// </summary>
public sealed class SessionTerminator(string sshdBinary, string procRoot = "/proc")
{
    public SessionCloseResult Close(LinuxUserName user, uint? managedUid, int pid)
    {
        if (managedUid is not { } uid)
        {
            return new(false, $"{user} is not an account this executor manages.");
        }

        if (pid <= 1)
        {
            return new(false, $"{pid} is not a session process.");
        }

        var dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        string[] status;
        string? exe;
        try
        {
            status = File.ReadAllLines(Path.Combine(dir, "status"));
            exe = new FileInfo(Path.Combine(dir, "exe")).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(false, $"The session {pid} of {user} is not running any more.");
        }

        var uids = status.FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?
            .Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList() ?? [];
        var uidText = uid.ToString(CultureInfo.InvariantCulture);
        if (uids.Count != 4 || uids.Any(u => u != uidText))
        {
            return new(false, $"Process {pid} is not a session of {user}: refused.");
        }

        if (exe is null || !SameBinary(exe, sshdBinary))
        {
            return new(false, $"Process {pid} is not an sshd session process: refused.");
        }

        try
        {
            Signals.Send(pid, Signals.SIGTERM);
        }
        catch (InvalidOperationException e)
        {
            return new(false, e.Message);
        }

        return new(true, $"Sent the session {pid} of {user} the signal to end.");
    }

    private static bool SameBinary(string exe, string sshd)
    {
        // A binary replaced by an upgrade shows as "/usr/sbin/sshd (deleted)".
        var trimmed = exe.EndsWith(" (deleted)", StringComparison.Ordinal) ? exe[..^" (deleted)".Length] : exe;
        if (string.Equals(trimmed, sshd, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            var resolved = new FileInfo(sshd).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? sshd;
            return string.Equals(trimmed, resolved, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
