using System.Globalization;

namespace SftpJail.Executor.Activity;

/// <summary>Where the reader stopped in one log file: the file's inode (a rotated file is a new inode) and a byte offset.</summary>
public sealed record FilePosition(ulong Inode, long Offset);

/// <summary>
/// Where the reader stopped in each source: the journal's cursor and a position per file. Sent to the panel as text
/// and back unchanged; the executor trusts none of it beyond "where to start" (a file not in its own list is ignored).
/// One line per source: <c>j CURSOR</c> or <c>f INODE OFFSET PATH</c>.
/// </summary>
public sealed record ActivityCursor(string? Journal, IReadOnlyDictionary<string, FilePosition> Files)
{
    public static ActivityCursor Empty { get; } = new(null, new Dictionary<string, FilePosition>());

    public static ActivityCursor Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Empty;
        }

        string? journal = null;
        var files = new Dictionary<string, FilePosition>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("j ", StringComparison.Ordinal) && line.Length < 1024)
            {
                journal = line[2..];
                continue;
            }

            var parts = line.Split(' ', 4);
            if (parts is ["f", var inode, var offset, var path]
                && ulong.TryParse(inode, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                && long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var o))
            {
                files[path] = new FilePosition(i, o);
            }
        }

        return new ActivityCursor(journal, files);
    }

    public override string ToString()
    {
        var lines = new List<string>();
        if (Journal is not null)
        {
            lines.Add("j " + Journal);
        }

        lines.AddRange(Files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"f {f.Value.Inode} {f.Value.Offset} {f.Key}")));
        return string.Join('\n', lines);
    }
}
