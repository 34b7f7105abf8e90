using CsvHelper;

namespace SftpJail.Data.Services.Import;

/// <summary>
/// Reads the CSV form (RFC 4180, comma separated, a header row naming the columns). Quoted fields may span lines (a
/// key field may hold several keys, one per line); each row is located by the line it starts on. Malformed quoting is
/// an error, never "recovered": a recovered row would import something nobody wrote.
/// </summary>
internal static class CsvImportReader
{
    private const int MaxRecordBytes = 256 * 1024;

    public static ImportFile Read(ReadOnlySpan<byte> content)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            TrimWhitespace = false,
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = MaxRecordBytes,
            IncludeValuesInExceptions = false,
        };
        var rows = new List<ImportRow>();
        var errors = new List<RowError>();
        using var reader = CsvReader.Create(content.ToArray(), options);
        try
        {
            var columns = HeaderColumns(reader.Headers, errors);
            if (columns is null)
            {
                return new ImportFile([], errors);
            }

            while (reader.Read())
            {
                var location = new RowLocation((int)reader.LineNumber);
                if (rows.Count + errors.Count >= ImportFormats.MaxRows)
                {
                    errors.Add(new RowError(location, $"file: More than {ImportFormats.MaxRows} rows; split the file."));
                    break;
                }

                if (reader.FieldCount > columns.Count)
                {
                    errors.Add(new RowError(location, $"row: {reader.FieldCount} fields, but the header names {columns.Count} columns (quote a field that holds a comma)."));
                    continue;
                }

                string? Field(string name) =>
                    columns.TryGetValue(name, out var index) && index < reader.FieldCount && reader.GetString(index) is { Length: > 0 } value ? value : null;

                rows.Add(new ImportRow(location, Field("domain"), Field("user"), Field("password"), Field("key"), Field("read_only"), Field("customer_email")));
            }
        }
        catch (CsvFormatException malformed)
        {
            errors.Add(new RowError(new RowLocation(Math.Max(1, (int)malformed.LineNumber)), "file: Malformed CSV (a quote is not closed or text follows a closing quote); nothing after this line was read."));
        }

        return new ImportFile(rows, errors);
    }

    private static Dictionary<string, int>? HeaderColumns(IReadOnlyList<string> headers, List<RowError> errors)
    {
        var header = new RowLocation(1);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Trim().ToLowerInvariant();
            if (!ImportFormats.Columns.Contains(name))
            {
                errors.Add(new RowError(header, $"header: Unknown column '{SiteService.OneLine(headers[i])}'; the columns are {string.Join(',', ImportFormats.Columns)}."));
                return null;
            }

            if (!columns.TryAdd(name, i))
            {
                errors.Add(new RowError(header, $"header: The column {name} is named twice."));
                return null;
            }
        }

        foreach (var required in new[] { "domain", "user" })
        {
            if (!columns.ContainsKey(required))
            {
                errors.Add(new RowError(header, $"header: The first line must name the columns ({string.Join(',', ImportFormats.Columns)}); {required} is missing."));
                return null;
            }
        }

        return columns;
    }
}
