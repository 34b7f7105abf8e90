using System.Security.Cryptography;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Install;

/// <summary>What an install left on disk and in the account databases, as comparable lines.</summary>
public static class InstalledTree
{
    /// <summary>Every entry under <paramref name="roots"/>: path, type, mode, owner, size, link target and content hash.</summary>
    public static async Task<List<string>> SnapshotAsync(IEnumerable<string> roots, string panelUser)
    {
        var lines = new List<string>();
        foreach (var root in roots.Where(Directory.Exists))
        {
            // find never follows a link unless told to (-P is its default).
            var listing = await HostCommand.RunAsync("find", [root, "-printf", "%p %y %m %u:%g %s %l\\n"]);
            foreach (var line in listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal))
            {
                var path = line[..line.IndexOf(' ', StringComparison.Ordinal)];
                var isFile = line[(path.Length + 1)..].StartsWith("f ", StringComparison.Ordinal);
                lines.Add(isFile ? $"{line} {Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(path)))}" : line);
            }
        }

        // The account lines themselves (no password field), and how many there are: a second run must not add one.
        foreach (var database in new[] { "/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow" })
        {
            var matching = (await File.ReadAllLinesAsync(database))
                .Where(l => l.StartsWith(panelUser + ":", StringComparison.Ordinal))
                .Select(l => database.EndsWith("shadow", StringComparison.Ordinal) ? l.Split(':')[0] : l)
                .ToList();
            lines.Add($"{database}: {matching.Count} x {string.Join(" | ", matching)}");
        }

        return lines;
    }
}
