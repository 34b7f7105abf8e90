using System.Diagnostics.CodeAnalysis;

namespace SftpJail.Core.Values;

/// <summary>
/// A normalised absolute path safe to write into sshd and web-server configs unquoted:
/// no "..", no empty or "." segments, no whitespace, quotes, '%', '#', control characters or non-ASCII.
/// </summary>
public sealed record AbsolutePath : IComparable<AbsolutePath>
{
    /// <summary>PATH_MAX minus the terminating NUL.</summary>
    public const int MaxLength = 4095;

    /// <summary>NAME_MAX on Linux file systems.</summary>
    public const int MaxSegmentLength = 255;

    private AbsolutePath(string value) => Value = value;

    public string Value { get; }

    public string Name => Value == "/" ? "/" : Value[(Value.LastIndexOf('/') + 1)..];

    public AbsolutePath? Parent => Value == "/" ? null : new AbsolutePath(Value.LastIndexOf('/') == 0 ? "/" : Value[..Value.LastIndexOf('/')]);

    public static AbsolutePath Parse(string? text, string field = "path") =>
        TryParse(text, out var path, out var error) ? path : throw new InputRejectedException(field, error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out AbsolutePath? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "A path is required.";
            return false;
        }

        if (text[0] != '/')
        {
            error = $"'{Printable(text)}' is not an absolute path (it must start with '/').";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"A path can be at most {MaxLength} characters.";
            return false;
        }

        foreach (var c in text)
        {
            if (Forbidden(c) is { } problem)
            {
                error = $"The path '{Printable(text)}' contains {problem}, which is not allowed in a managed path.";
                return false;
            }
        }

        // POSIX leaves a leading "//" implementation-defined, and "a//b" is a typo more often than not:
        // refuse rather than guess.
        if (text.Contains("//", StringComparison.Ordinal))
        {
            error = $"The path '{Printable(text)}' has an empty segment ('//').";
            return false;
        }

        // One trailing '/' is a common way to write a directory.
        var trimmed = text.Length > 1 && text[^1] == '/' ? text[..^1] : text;
        if (trimmed != "/")
        {
            foreach (var segment in trimmed.Split('/').Skip(1))
            {
                if (segment is "." or "..")
                {
                    error = $"The path '{Printable(text)}' has a '.' or '..' segment.";
                    return false;
                }

                if (segment.Length > MaxSegmentLength)
                {
                    error = $"Each part of a path can be at most {MaxSegmentLength} characters.";
                    return false;
                }
            }
        }

        error = null;
        path = new AbsolutePath(trimmed);
        return true;
    }

    /// <summary>Appends one validated segment (no '/').</summary>
    public AbsolutePath Combine(string segment)
    {
        if (segment.Contains('/') || segment is "" or "." or "..")
        {
            throw new InputRejectedException("path", $"'{Printable(segment)}' is not a single path segment.");
        }

        return Parse(Value == "/" ? "/" + segment : Value + "/" + segment);
    }

    /// <summary>True when this path is <paramref name="root"/> or lies below it.</summary>
    public bool IsWithin(AbsolutePath root) =>
        Value == root.Value || root.Value == "/" || Value.StartsWith(root.Value + "/", StringComparison.Ordinal);

    public override string ToString() => Value;

    /// <summary>Ordinal order of <see cref="Value"/>, so paths sort the same on every machine and culture.</summary>
    public int CompareTo(AbsolutePath? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    public static bool operator <(AbsolutePath? left, AbsolutePath? right) => Comparer<AbsolutePath>.Default.Compare(left, right) < 0;

    public static bool operator <=(AbsolutePath? left, AbsolutePath? right) => Comparer<AbsolutePath>.Default.Compare(left, right) <= 0;

    public static bool operator >(AbsolutePath? left, AbsolutePath? right) => Comparer<AbsolutePath>.Default.Compare(left, right) > 0;

    public static bool operator >=(AbsolutePath? left, AbsolutePath? right) => Comparer<AbsolutePath>.Default.Compare(left, right) >= 0;

    // Characters that would need quoting or escaping in sshd_config, nginx or Apache configs, or that a
    // shell, a glob or sshd's %-token expansion would read differently from what was meant.
    private static string? Forbidden(char c) => c switch
    {
        '\n' or '\r' => "a line break",
        '\0' => "a NUL character",
        ' ' or '\t' => "a space",
        '"' or '\'' or '`' => "a quote",
        '%' => "'%' (sshd expands it as a token)",
        '#' => "'#' (it starts a comment in config files)",
        '\\' or '$' or ';' or '*' or '?' or '[' or ']' or '{' or '}' or '<' or '>' or '|' or '&' => $"'{c}'",
        < ' ' or '\x7f' => "a control character",
        > '~' => $"the non-ASCII character U+{(int)c:X4}",
        _ => null,
    };

    private static string Printable(string text) =>
        new(text.Select(c => c is < ' ' or > '~' ? '?' : c).Take(80).ToArray());
}
