using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SftpJail.Core.Values;

/// <summary>
/// A site's disk limit in whole MiB (1 MiB to 16 TiB). Text accepts a number with an optional unit: <c>100</c> and
/// <c>100M</c> are MiB, <c>2G</c> is GiB, <c>1T</c> TiB (binary units, as df -h and du -h print them).
/// </summary>
public sealed record DiskLimit
{
    public const long MaxMebibytes = 16L * 1024 * 1024;

    private const long Mebibyte = 1024 * 1024;

    private DiskLimit(long mebibytes) => Mebibytes = mebibytes;

    public long Mebibytes { get; }

    public long Bytes => Mebibytes * Mebibyte;

    public static DiskLimit FromMebibytes(long mebibytes, string field = "disk limit") =>
        mebibytes is >= 1 and <= MaxMebibytes
            ? new DiskLimit(mebibytes)
            : throw new InputRejectedException(field, $"A disk limit must be between 1 MiB and {MaxMebibytes / (1024 * 1024)} TiB.");

    public static DiskLimit? FromNullableMebibytes(long? mebibytes, string field = "disk limit") =>
        mebibytes is { } value ? FromMebibytes(value, field) : null;

    public static DiskLimit Parse(string? text, string field = "disk limit") =>
        TryParse(text, out var limit, out var error) ? limit : throw new InputRejectedException(field, error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out DiskLimit? limit, [NotNullWhen(false)] out string? error)
    {
        limit = null;
        var trimmed = (text ?? string.Empty).Trim();
        var unitStart = trimmed.Length;
        while (unitStart > 0 && char.IsAsciiLetter(trimmed[unitStart - 1]))
        {
            unitStart--;
        }

        var multiplier = trimmed[unitStart..].ToUpperInvariant() switch
        {
            "" or "M" or "MB" or "MIB" => 1L,
            "G" or "GB" or "GIB" => 1024L,
            "T" or "TB" or "TIB" => 1024L * 1024,
            _ => 0L,
        };
        var number = trimmed[..unitStart];
        if (multiplier == 0 || number.Length is 0 or > 9 || !number.All(char.IsAsciiDigit)
            || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = "Write a disk limit as a whole number with an optional unit M, G or T, e.g. 500M or 2G.";
            return false;
        }

        var mebibytes = count * multiplier;
        if (mebibytes is < 1 or > MaxMebibytes)
        {
            error = $"A disk limit must be between 1 MiB and {MaxMebibytes / (1024 * 1024)} TiB.";
            return false;
        }

        limit = new DiskLimit(mebibytes);
        error = null;
        return true;
    }

    public override string ToString() => Format(Bytes);

    /// <summary>Bytes as people read them: binary units, one decimal above 1 MiB.</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < Mebibyte => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024 * Mebibyte => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)Mebibyte:0.#} MiB"),
        < 1024L * 1024 * Mebibyte => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * Mebibyte):0.#} GiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * Mebibyte):0.#} TiB"),
    };
}
