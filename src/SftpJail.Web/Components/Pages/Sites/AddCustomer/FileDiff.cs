using DiffPlex.Renderer;

namespace SftpJail.Web.Components.Pages.Sites.AddCustomer;

/// <summary>
/// A plan step's diff as real unified hunks. The executor's plan carries each file's whole before/after as one
/// full-context diff (every line marked ' ', '-' or '+'); this takes the two texts back out of it and lets DiffPlex
/// write hunks with three lines of context, as <c>diff -u</c> would.
/// </summary>
public static class FileDiff
{
    public static string Unified(string fullDiff)
    {
        ArgumentNullException.ThrowIfNull(fullDiff);
        var (oldName, newName, before, after) = Split(fullDiff);
        var hunks = UnidiffRenderer.GenerateUnidiff(before, after, oldName, newName, ignoreWhitespace: false, ignoreCase: false, contextLines: 3);
        if (hunks.Length == 0)
        {
            return $"--- {oldName}\n+++ {newName}\n";
        }

        hunks = hunks.Replace("\r\n", "\n", StringComparison.Ordinal);
        // An empty side starts at line 0 in diff -u (and patch); DiffPlex writes 1.
        if (before.Length == 0)
        {
            hunks = hunks.Replace("@@ -1,0 ", "@@ -0,0 ", StringComparison.Ordinal);
        }

        if (after.Length == 0)
        {
            hunks = hunks.Replace(" +1,0 @@", " +0,0 @@", StringComparison.Ordinal);
        }

        return hunks;
    }

    internal static (string OldName, string NewName, string Before, string After) Split(string fullDiff)
    {
        // Lines joined without a final newline: DiffPlex would count one after the last line as an empty line of its own.
        var before = new List<string>();
        var after = new List<string>();
        string oldName = "a", newName = "b";
        var lines = fullDiff.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            // Only the first two lines are headers: a removed line "-- x" also reads "--- x".
            if (i == 0 && line.StartsWith("--- ", StringComparison.Ordinal))
            {
                oldName = line[4..];
            }
            else if (i == 1 && line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                newName = line[4..];
            }
            else if (line.StartsWith('-'))
            {
                before.Add(line[1..]);
            }
            else if (line.StartsWith('+'))
            {
                after.Add(line[1..]);
            }
            else if (line.StartsWith(' '))
            {
                before.Add(line[1..]);
                after.Add(line[1..]);
            }
        }

        return (oldName, newName, string.Join('\n', before), string.Join('\n', after));
    }
}
