using System.Globalization;

namespace SftpJail.Core.Values;

/// <summary>RFC 1035/1123 host-name rules, applied after IDNA (UTS #46) conversion to ASCII.</summary>
internal static class DomainRules
{
    public const int MaxLength = 253;
    public const int MaxLabelLength = 63;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    public static string? Check(string? text, out string? ascii)
    {
        ascii = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "A domain is required.";
        }

        foreach (var c in text)
        {
            var problem = c switch
            {
                '\n' or '\r' => "a line break",
                '\0' => "a NUL character",
                '%' => "'%'",
                '"' or '\'' or '`' => "a quote",
                ' ' or '\t' => "a space",
                '/' or '\\' => "a slash",
                '*' => "a wildcard",
                _ when char.IsControl(c) => "a control character",
                _ => null,
            };
            if (problem is not null)
            {
                return $"A domain cannot contain {problem}.";
            }
        }

        var candidate = text.EndsWith('.') ? text[..^1] : text;
        if (candidate.Contains("..", StringComparison.Ordinal) || candidate.StartsWith('.'))
        {
            return "A domain cannot have an empty label ('..' or a leading '.').";
        }

        string converted;
        try
        {
            converted = Idn.GetAscii(candidate).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return $"'{candidate}' is not a valid internationalised domain name.";
        }

        if (converted.Length > MaxLength)
        {
            return $"A domain can be at most {MaxLength} characters.";
        }

        var labels = converted.Split('.');
        if (labels.Length < 2)
        {
            return "A domain needs at least two labels, like example.com.";
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > MaxLabelLength)
            {
                return $"Each part of a domain must be 1 to {MaxLabelLength} characters.";
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return "A part of a domain cannot start or end with '-'.";
            }

            if (!label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return "A domain may use only letters, digits and '-' in each part.";
            }
        }

        if (labels[^1].All(char.IsAsciiDigit))
        {
            return "A domain cannot end in a numeric label (an IP address is not a site name).";
        }

        ascii = converted;
        return null;
    }
}
