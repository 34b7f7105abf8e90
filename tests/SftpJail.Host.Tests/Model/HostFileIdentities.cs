using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Model;

/// <summary>
/// Inode, mtime and ctime of everything under a host's directories (find -printf: one process, never follows a link),
/// to prove an apply touched nothing: a rewrite shows as a new inode or mtime, a chown or chmod (even to the same value)
/// as a new ctime. The test's own client keys are left out, and so are the logs the daemons write themselves.
/// </summary>
public static class HostFileIdentities
{
    // sshd -E appends here on every connection, the activity relay on every transfer: neither is an apply's doing.
    private static readonly string[] DaemonLogs = ["state/sshd/sshd.log", "state/activity/"];

    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(JailHost host, string excludedDir)
    {
        var listing = await HostCommand.RunAsync("find", [host.BaseDir, "-mindepth", "1", "-path", excludedDir, "-prune", "-o", "-printf", @"%P\t%y %i mtime=%T@ ctime=%C@\n"]);
        if (listing.ExitCode != 0)
        {
            throw new InvalidOperationException($"find failed: {listing.All}");
        }

        return listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    }

    /// <summary>One entry per path that appeared, vanished or changed, as "path (what changed)".</summary>
    public static IReadOnlyList<string> Changes(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(path => !DaemonLogs.Any(log => path.StartsWith(log, StringComparison.Ordinal))).Order(StringComparer.Ordinal)
            .Select(path => (path, change: Change(before.GetValueOrDefault(path), after.GetValueOrDefault(path))))
            .Where(c => c.change is not null)
            .Select(c => $"{c.path} ({c.change})")
            .ToList();

    private static string? Change(string? before, string? after)
    {
        if (before == after)
        {
            return null;
        }

        if (before is null || after is null)
        {
            return before is null ? "appeared" : "vanished";
        }

        var (was, now) = (before.Split(' '), after.Split(' '));
        return was[1] != now[1] ? "replaced: new inode"
            : was[2] != now[2] ? (was[0] == "d" ? "entries changed" : "content rewritten")
            : "owner, mode or links changed";
    }
}
