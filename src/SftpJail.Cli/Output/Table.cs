namespace SftpJail.Cli.Output;

/// <summary>Left-aligned columns separated by two spaces; control characters in cells shown as '?'.</summary>
internal static class Table
{
    public static async Task WriteAsync(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var cells = rows.Select(row => row.Select(Clean).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        await writer.WriteLineAsync(Line(headers.ToArray(), widths));
        foreach (var row in cells)
        {
            await writer.WriteLineAsync(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Clean(string? text) => new((text ?? string.Empty).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
