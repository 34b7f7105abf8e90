using System.Globalization;

namespace SftpJail.Executor.Accounts;

/// <summary>
/// The processes running as a user, read from /proc the way userdel(8) checks for them (real, effective or saved uid):
/// an in-process look that lets a change skip pkill and pgrep for a customer with no session open, the common case.
/// </summary>
internal static class UserProcesses
{
    /// <summary>The first process that runs as <paramref name="uid"/>, or null when there is none.</summary>
    public static int? FirstOf(uint uid, string proc = "/proc")
    {
        foreach (var dir in Directory.EnumerateDirectories(proc))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (UidsOf(Path.Combine(dir, "status")) is { } uids && uids.Contains(uid))
            {
                return pid;
            }
        }

        return null;
    }

    // "Uid:\treal\teffective\tsaved\tfilesystem"; a process that ended meanwhile has no status left to read.
    private static uint[]? UidsOf(string status)
    {
        try
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    return [.. line[4..].Split('\t', StringSplitOptions.RemoveEmptyEntries).Take(3)
                        .Select(field => uint.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : uint.MaxValue)];
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
