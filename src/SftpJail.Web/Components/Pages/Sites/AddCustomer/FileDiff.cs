using System.Text;
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
        return hunks.Length == 0 ? $"--- {oldName}\n+++ {newName}\n" : hunks.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    internal static (string OldName, string NewName, string Before, string After) Split(string fullDiff)
    {
        var before = new StringBuilder();
        var after = new StringBuilder();
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
                before.Append(line, 1, line.Length - 1).Append('\n');
            }
            else if (line.StartsWith('+'))
            {
                after.Append(line, 1, line.Length - 1).Append('\n');
            }
            else if (line.StartsWith(' '))
            {
                before.Append(line, 1, line.Length - 1).Append('\n');
                after.Append(line, 1, line.Length - 1).Append('\n');
            }
        }

        return (oldName, newName, before.ToString(), after.ToString());
    }
}
