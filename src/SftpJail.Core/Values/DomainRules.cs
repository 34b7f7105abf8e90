using System.Globalization;

namespace SftpJail.Core.Values;

/// <summary>RFC 1035/1123 host-name rules, applied after IDNA (UTS #46) conversion to ASCII.</summary>
internal static class DomainRules
{
    public const int MaxLength = 253;
    public const int MaxLabelLength = 63;

    // IdnMapping keeps no per-call state; one instance per thread avoids relying on that.
    [ThreadStatic]
    private static IdnMapping? idn;

    public static IdnMapping Idn => idn ??= new IdnMapping { AllowUnassigned = false, UseStd3AsciiRules = true };

    public static string? Check(string? text, out string? ascii)
    {
        ascii = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "A domain is required.";
        }

        foreach (var c in text)
        {
            if (Forbidden(c) is { } problem)
            {
                return $"A domain cannot contain {problem}.";
            }
        }

        var candidate = text.EndsWith('.') ? text[..^1] : text;
        if (candidate.Length == 0 || candidate.Contains("..", StringComparison.Ordinal) || candidate.StartsWith('.'))
        {
            return "A domain cannot have an empty label ('..' or a leading '.').";
        }

        string converted;
        if (candidate.All(char.IsAscii))
        {
            converted = candidate.ToLowerInvariant();
        }
        else
        {
            try
            {
                converted = Idn.GetAscii(candidate).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                return $"'{candidate}' is not a valid internationalised domain name.";
            }
        }

        var error = CheckAscii(converted);
        if (error is not null)
        {
            return error;
        }

        ascii = converted;
        return null;
    }

    /// <summary>
    /// Refuses a label whose letters come from more than one writing system (a Cyrillic 'а' among Latin letters):
    /// such a name looks like another site's. Checked on the Unicode form, so a typed "xn--" label that decodes to
    /// a mixed label is refused too. <paramref name="ascii"/> is what <see cref="Check"/> returned for <paramref name="text"/>.
    /// </summary>
    public static string? CheckLookAlike(string text, string ascii)
    {
        var unicode = Idn.GetUnicode(ascii);
        foreach (var label in unicode.Split('.'))
        {
            var scripts = LetterScripts.Of(label);
            if (!LetterScripts.AreOneWritingSystem(scripts))
            {
                var shown = text.Trim().TrimEnd('.');
                var name = string.Equals(shown, unicode, StringComparison.OrdinalIgnoreCase) ? $"'{shown}'" : $"'{shown}' ({unicode})";
                var list = scripts.Count == 2 ? $"{scripts[0]} and {scripts[1]}" : $"{string.Join(", ", scripts.SkipLast(1))} and {scripts[^1]}";
                return $"{name} mixes {list} letters in one label (look-alike domain); use one script per label.";
            }
        }

        return null;
    }

    private static string? CheckAscii(string converted)
    {
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

        // Labels with "--" in positions 3-4 are reserved for IDNA ("xn--"); an invalid punycode label
        // would also make the Unicode display form fail. Round-tripping checks both.
        try
        {
            _ = Idn.GetUnicode(converted);
        }
        catch (ArgumentException)
        {
            return "A part of a domain is not valid: a part starting with 'xn--' must be valid punycode, and '--' in the third and fourth positions is reserved for such parts.";
        }

        return null;
    }

    private static string? Forbidden(char c) => c switch
    {
        '\n' or '\r' => "a line break",
        '\0' => "a NUL character",
        '%' => "'%'",
        '"' or '\'' or '`' => "a quote",
        '/' or '\\' => "a slash",
        '*' => "a wildcard",
        '_' => "'_' (not allowed in host names)",
        _ when char.IsWhiteSpace(c) => "a space",
        _ when char.IsControl(c) => "a control character",
        _ when CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format => $"the invisible character U+{(int)c:X4}",
        _ => null,
    };
}
