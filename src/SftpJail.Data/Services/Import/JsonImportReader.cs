using System.Text.Json;

namespace SftpJail.Data.Services.Import;

/// <summary>
/// Reads the JSON form: an array of objects whose members are the CSV columns (<c>read_only</c> may be a boolean).
/// Each row is located by the line its object starts on and its index in the array.
/// </summary>
internal static class JsonImportReader
{
    public static ImportFile Read(ReadOnlySpan<byte> content)
    {
        var rows = new List<ImportRow>();
        var errors = new List<RowError>();
        var lines = new LineCounter();
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 8 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return new ImportFile([], [new RowError(new RowLocation(1), "file: A JSON import is an array of objects: [{\"domain\": ..., \"user\": ...}, ...].")]);
            }

            for (var item = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; item++)
            {
                var location = new RowLocation(lines.LineOf(content, reader.TokenStartIndex), item);
                if (item >= ImportFormats.MaxRows)
                {
                    errors.Add(new RowError(location, $"file: More than {ImportFormats.MaxRows} rows; split the file."));
                    break;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    errors.Add(new RowError(location, "row: Each item must be an object with the members " + string.Join(", ", ImportFormats.Columns) + "."));
                    reader.Skip();
                    continue;
                }

                var row = ReadObject(ref reader, location, out var problem);
                if (problem is null)
                {
                    rows.Add(row);
                }
                else
                {
                    errors.Add(new RowError(location, problem));
                }
            }
        }
        catch (JsonException invalid)
        {
            var line = (int)(invalid.LineNumber ?? 0) + 1;
            errors.Add(new RowError(new RowLocation(line), "file: Not valid JSON here; nothing after this line was read."));
        }

        return new ImportFile(rows, errors);
    }

    private static ImportRow ReadObject(ref Utf8JsonReader reader, RowLocation location, out string? problem)
    {
        problem = null;
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString() ?? string.Empty;
            reader.Read();
            string? value;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    value = reader.GetString();
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    value = reader.TokenType == JsonTokenType.True ? "true" : "false";
                    break;
                case JsonTokenType.Null:
                    value = null;
                    break;
                case JsonTokenType.Number:
                    value = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
                default:
                    problem ??= $"{SiteService.OneLine(name)}: must be a string (or a boolean for read_only), not an object or array.";
                    reader.Skip();
                    continue;
            }

            if (!ImportFormats.Columns.Contains(name))
            {
                problem ??= $"row: Unknown member '{SiteService.OneLine(name)}'; the members are {string.Join(", ", ImportFormats.Columns)}.";
            }
            else if (!fields.TryAdd(name, value))
            {
                problem ??= $"{name}: given twice.";
            }
        }

        string? Field(string column) => fields.GetValueOrDefault(column) is { Length: > 0 } text ? text : null;
        return new ImportRow(location, Field("domain"), Field("user"), Field("password"), Field("key"), Field("read_only"), Field("customer_email"));
    }

    /// <summary>Counts line breaks forward only, so locating every item costs one pass over the file.</summary>
    private sealed class LineCounter
    {
        private long position;
        private int line = 1;

        public int LineOf(ReadOnlySpan<byte> content, long index)
        {
            if (index > position)
            {
                line += content[(int)position..(int)index].Count((byte)'\n');
                position = index;
            }

            return line;
        }
    }
}
