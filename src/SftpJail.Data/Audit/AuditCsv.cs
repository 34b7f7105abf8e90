using System.Globalization;

namespace SftpJail.Data.Audit;

/// <summary>RFC 4180 CSV (CRLF rows, quotes doubled) with spreadsheet formula injection neutralised.</summary>
public static class AuditCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["id", "at", "actor", "action", "target", "result", "error", "before", "after", "detail", "previousHash", "hash"];

    public static async Task WriteHeaderAsync(TextWriter writer) => await WriteRowAsync(writer, Header);

    public static Task WriteAsync(TextWriter writer, AuditRecord record) => WriteRowAsync(writer,
    [
        record.Id.ToString(CultureInfo.InvariantCulture),
        record.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        record.Actor, record.Action, record.Target, record.Result, record.Error, record.Before, record.After, record.Detail,
        record.PreviousHash, record.Hash,
    ]);

    /// <summary>
    /// A cell a spreadsheet would evaluate gets a leading apostrophe, OWASP's advice for CSV injection: one that starts
    /// with a tab, CR or LF, or whose first character after leading white space (spaces, tabs, CR, LF, which spreadsheets
    /// skip) is = + - or @. Actors, targets and errors can carry user-typed text.
    /// </summary>
    public static string Cell(string? value)
    {
        var text = value ?? string.Empty;
        if (NeedsNeutralising(text))
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static bool NeedsNeutralising(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        if (text[0] is '\t' or '\r' or '\n')
        {
            return true;
        }

        var first = text.AsSpan().TrimStart(" \t\r\n");
        return first.Length > 0 && first[0] is '=' or '+' or '-' or '@';
    }

    private static async Task WriteRowAsync(TextWriter writer, IReadOnlyList<string?> cells)
    {
        await writer.WriteAsync(string.Join(',', cells.Select(Cell)));
        await writer.WriteAsync("\r\n");
    }
}
