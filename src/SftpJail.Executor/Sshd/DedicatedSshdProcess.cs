using System.Globalization;
using SftpJail.Core.Values;
using SftpJail.Executor.WebServer;

namespace SftpJail.Executor.Sshd;

/// <summary>
/// Whether a pid (from the dedicated sshd's pid file) is that sshd: alive, running the configured sshd binary
/// (<c>/proc/&lt;pid&gt;/exe</c>) and started with this instance's config file (<c>-f</c> in its command line, which sshd
/// keeps in its process title). After sshd dies its pid can be reused by any program, another sshd included; signalling
/// that process would kill a stranger, and trusting it would report SFTP as up while nothing listens.
/// </summary>
internal static class DedicatedSshdProcess
{
    public static int? ReadPid(AbsolutePath pidFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(pidFile.Value);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1 ? pid : null;
    }

    public static bool IsOurs(int pid, AbsolutePath binary, AbsolutePath config) =>
        DaemonProcesses.IsLive(pid) && RunsBinary(pid, binary) && HasConfigArgument(pid, config);

    private static bool RunsBinary(int pid, AbsolutePath binary)
    {
        string? target;
        try
        {
            target = new FileInfo($"/proc/{pid}/exe").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // A binary replaced by a package upgrade reads "<path> (deleted)" while the old daemon still runs.
        return target is not null && (target == binary.Value || target == binary.Value + " (deleted)" || SameFile(target, binary.Value));
    }

    private static bool SameFile(string a, string b)
    {
        try
        {
            var resolved = new FileInfo(b).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            return resolved is not null && resolved == a;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool HasConfigArgument(int pid, AbsolutePath config)
    {
        string cmdline;
        try
        {
            cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }

        // Either argv ("/usr/sbin/sshd\0-f\0<config>") or the title sshd sets ("sshd: /usr/sbin/sshd -f <config> [listener] ...").
        var words = cmdline.Split(['\0', ' '], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (words[i] == "-f" && words[i + 1] == config.Value)
            {
                return true;
            }
        }

        return false;
    }
}
