using System.Diagnostics.CodeAnalysis;

namespace SftpJail.Core.Values;

/// <summary>
/// A normalised absolute path safe to write into sshd and web-server configs unquoted:
/// no "..", no empty or "." segments, no whitespace, quotes, '%', '#', control characters or non-ASCII.
/// </summary>
public sealed record AbsolutePath
{
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

        foreach (var c in text)
        {
            if (c is <= ' ' or > '~' or '"' or '\'' or '`' or '%' or '#' or '\\' or '$' or ';' or '*' or '?' or '[' or ']' or '{' or '}' or '<' or '>' or '|' or '&')
            {
                error = $"The path '{Printable(text)}' contains a character that is not allowed in a managed path.";
                return false;
            }
        }

        var trimmed = text.Length > 1 ? text.TrimEnd('/') : text;
        if (trimmed.Length == 0)
        {
            trimmed = "/";
        }

        foreach (var segment in trimmed.Split('/').Skip(1))
        {
            if (trimmed == "/")
            {
                break;
            }

            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                error = $"The path '{Printable(text)}' has an empty, '.' or '..' segment.";
                return false;
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

    private static string Printable(string text) =>
        new(text.Select(c => char.IsControl(c) ? '?' : c).Take(80).ToArray());
}
