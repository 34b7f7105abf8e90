using System.Text.RegularExpressions;

namespace SftpJail.Core.Values;

/// <summary>The one rule for user and group names: <c>^[a-z][a-z0-9_-]{0,31}$</c>, with a message that says what is wrong.</summary>
internal static partial class NameRules
{
    public const int MaxLength = 32;

    // \z, not $: in .NET "$" also matches before a final "\n", which must never pass.
    [GeneratedRegex(@"^[a-z][a-z0-9_-]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static string? Check(string? text, string what)
    {
        if (string.IsNullOrEmpty(text))
        {
            return $"A {what} is required.";
        }

        if (text.Length > MaxLength)
        {
            return $"A {what} can be at most {MaxLength} characters (this one has {text.Length}).";
        }

        foreach (var c in text)
        {
            var problem = c switch
            {
                '\n' or '\r' => "a line break",
                '\0' => "a NUL character",
                '%' => "'%' (sshd expands it as a token)",
                '"' or '\'' or '`' => "a quote",
                ' ' or '\t' => "a space",
                '/' => "'/'",
                '.' => "'.'",
                _ when char.IsControl(c) => "a control character",
                _ when c > 0x7e => $"the non-ASCII character U+{(int)c:X4}",
                _ => null,
            };
            if (problem is not null)
            {
                return $"A {what} cannot contain {problem}.";
            }
        }

        if (!Shape().IsMatch(text))
        {
            if (text.Any(char.IsAsciiLetterUpper))
            {
                return $"A {what} must be lower case (Linux account names are case-sensitive).";
            }

            return text[0] is >= 'a' and <= 'z'
                ? $"A {what} may use only lower-case letters a-z, digits, '_' and '-'."
                : $"A {what} must start with a lower-case letter a-z.";
        }

        return null;
    }
}
