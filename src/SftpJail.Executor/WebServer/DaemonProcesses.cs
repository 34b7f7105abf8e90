using System.Globalization;
using SftpJail.Core.Values;

namespace SftpJail.Executor.WebServer;

/// <summary>
/// A dedicated nginx/apache master and its workers as /proc shows them. kill(pid, 0) is not enough: a daemon
/// re-parented to an init that does not reap stays a zombie, and a pid file can name a reused pid.
/// </summary>
internal static class DaemonProcesses
{
    /// <summary>The live master's pid, or null when the file is missing or names no running process of that program.</summary>
    public static int? ReadLivePid(AbsolutePath pidFile, AbsolutePath binary)
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

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1
            && Read(pid) is { Live: true } process && process.Name == Comm(binary.Name)
            ? pid
            : null;
    }

    public static bool IsLive(int pid) => Read(pid) is { Live: true };

    /// <summary>
    /// The live workers of <paramref name="master"/>. Both nginx and Apache set up their signal handling before
    /// forking workers, so once one exists a reload signal is acted on; one sent earlier can sit unhandled until
    /// some other signal arrives. After a reload, the old workers leaving is the sign the new configuration serves.
    /// </summary>
    public static IReadOnlySet<int> LiveChildren(int master)
    {
        var children = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { Live: true } process && process.Parent == master)
            {
                children.Add(pid);
            }
        }

        return children;
    }

    private static (string Name, bool Live, int Parent)? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces or ')', so the fields resume after the last ')'.
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        var fields = open >= 0 && close > open ? stat[(close + 1)..].Split(' ', 4, StringSplitOptions.RemoveEmptyEntries) : [];
        if (fields.Length < 2 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
        {
            return null;
        }

        return (stat[(open + 1)..close], fields[0] is not ("Z" or "X"), parent);
    }

    // The kernel keeps the first 15 bytes of a program name.
    private static string Comm(string name) => name.Length > 15 ? name[..15] : name;
}
