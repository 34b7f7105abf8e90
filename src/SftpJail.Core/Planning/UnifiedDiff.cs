using System.Text;

namespace SftpJail.Core.Planning;

/// <summary>A minimal line diff (LCS) in unified format for plan previews. Config files are small, so O(n·m) is fine.</summary>
public static class UnifiedDiff
{
    private const int MaxCells = 4_000_000;

    public static string Create(string path, string before, string after)
    {
        var a = SplitLines(before);
        var b = SplitLines(after);
        var text = new StringBuilder();
        text.Append("--- ").Append(before.Length == 0 ? "/dev/null" : path).Append('\n');
        text.Append("+++ ").Append(after.Length == 0 ? "/dev/null" : path).Append('\n');
        if ((long)a.Length * b.Length > MaxCells)
        {
            foreach (var line in a) text.Append('-').Append(line).Append('\n');
            foreach (var line in b) text.Append('+').Append(line).Append('\n');
            return text.ToString();
        }

        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                text.Append(' ').Append(a[x]).Append('\n');
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                text.Append('+').Append(b[y++]).Append('\n');
            }
            else
            {
                text.Append('-').Append(a[x++]).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string[] SplitLines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');
}
