namespace SftpJail.Data.Services.Import;

/// <summary>The file formats <see cref="SiteImporter"/> reads and writes.</summary>
public enum ImportFormat
{
    Csv,
    Json,
}

/// <summary>Where a row is in its file: the line it starts on, and for JSON its index in the array (from 0).</summary>
public sealed record RowLocation(int Line, int? Item = null)
{
    public override string ToString() => Item is { } item ? $"line {Line} (item {item})" : $"line {Line}";
}

/// <summary>One row as read from the file, every field still text (null: the column is empty or absent).</summary>
public sealed record ImportRow(
    RowLocation Location,
    string? Domain,
    string? User,
    string? Password,
    string? Key,
    string? ReadOnly,
    string? CustomerEmail)
{
    // A row holds a password: keep it out of anything that prints the record.
    public override string ToString() => $"ImportRow {{ {Location}, Domain = {Domain}, User = {User}, Password = {(Password is null ? "null" : "***")} }}";
}

/// <summary>Why a row (or, at line 1, the file) cannot be imported. Printed as <c>line N: message</c>.</summary>
public sealed record RowError(RowLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>What a reader made of a file: the rows it could read and the errors of those it could not.</summary>
public sealed record ImportFile(IReadOnlyList<ImportRow> Rows, IReadOnlyList<RowError> Errors);

public static class ImportFormats
{
    /// <summary>The column names, in order: the CSV header and the JSON member names.</summary>
    public static readonly IReadOnlyList<string> Columns = ["domain", "user", "password", "key", "read_only", "customer_email"];

    /// <summary>The largest file accepted; a bigger one is refused before it is read.</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>More rows than this in one file is refused: one batch is one transaction and one apply.</summary>
    public const int MaxRows = 20_000;

    /// <summary>"csv" or "json" (any case); null when <paramref name="text"/> is neither.</summary>
    public static ImportFormat? Parse(string? text) => text?.ToLowerInvariant() switch
    {
        "csv" => ImportFormat.Csv,
        "json" => ImportFormat.Json,
        _ => null,
    };

    /// <summary>JSON for a file name ending in .json, otherwise CSV.</summary>
    public static ImportFormat FromFileName(string? fileName) =>
        fileName is not null && fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ImportFormat.Json : ImportFormat.Csv;

    public static ImportFile Read(ReadOnlySpan<byte> content, ImportFormat format)
    {
        if (content.Length > MaxFileBytes)
        {
            return new ImportFile([], [new RowError(new RowLocation(1), $"file: The file is larger than {MaxFileBytes / (1024 * 1024)} MiB.")]);
        }

        return format == ImportFormat.Json ? JsonImportReader.Read(content) : CsvImportReader.Read(content);
    }
}
