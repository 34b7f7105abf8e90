using System.Globalization;
using System.Text;

namespace SftpJail.Core.Values;

/// <summary>
/// The Unicode script of a letter, from a small hand-written range table. .NET has no Script property, and the only
/// library on the registry that has one (ICU4N) is a pre-release of a 2017 ICU with megabytes of data: too much
/// for one property in the core that every process loads. The table covers the scripts that appear in domain names;
/// a letter outside it counts as a script of its own (named by its 128-code-point block), so it can never pass for
/// Latin. Ranges follow Scripts.txt at block granularity, leaving out the Common characters inside blocks that matter;
/// a few Common letters used by one writing system only (tatweel, the kana prolonged-sound mark) count as that script.
/// </summary>
internal static class LetterScripts
{
    private static readonly (int First, int Last, string Script)[] Ranges =
    [
        (0x0041, 0x005A, "Latin"), (0x0061, 0x007A, "Latin"), (0x00AA, 0x00AA, "Latin"), (0x00BA, 0x00BA, "Latin"),
        (0x00C0, 0x00D6, "Latin"), (0x00D8, 0x00F6, "Latin"), (0x00F8, 0x02AF, "Latin"), (0x02B0, 0x02B8, "Latin"), (0x1D00, 0x1D25, "Latin"),
        (0x1E00, 0x1EFF, "Latin"), (0x2C60, 0x2C7F, "Latin"), (0xA720, 0xA7FF, "Latin"), (0xAB30, 0xAB5A, "Latin"),
        (0xFF21, 0xFF3A, "Latin"), (0xFF41, 0xFF5A, "Latin"),
        (0x0370, 0x0373, "Greek"), (0x0376, 0x037D, "Greek"), (0x037F, 0x0383, "Greek"), (0x0386, 0x0386, "Greek"),
        (0x0388, 0x03E1, "Greek"), (0x03F0, 0x03FF, "Greek"), (0x1F00, 0x1FFF, "Greek"),
        (0x03E2, 0x03EF, "Coptic"), (0x2C80, 0x2CFF, "Coptic"),
        (0x0400, 0x052F, "Cyrillic"), (0x1C80, 0x1C8F, "Cyrillic"), (0x2DE0, 0x2DFF, "Cyrillic"), (0xA640, 0xA69F, "Cyrillic"),
        (0x0531, 0x0588, "Armenian"), (0x058A, 0x058F, "Armenian"), (0xFB13, 0xFB17, "Armenian"),
        (0x0591, 0x05FF, "Hebrew"), (0xFB1D, 0xFB4F, "Hebrew"),
        (0x0610, 0x061A, "Arabic"), (0x0620, 0x063F, "Arabic"), (0x0640, 0x064A, "Arabic"), (0x0656, 0x066F, "Arabic"),
        (0x0671, 0x06DC, "Arabic"), (0x06DE, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"), (0x0870, 0x08FF, "Arabic"),
        (0xFB50, 0xFDFF, "Arabic"), (0xFE70, 0xFEFF, "Arabic"),
        (0x0700, 0x074F, "Syriac"), (0x0780, 0x07BF, "Thaana"), (0x07C0, 0x07FF, "NKo"),
        (0x0900, 0x0963, "Devanagari"), (0x0966, 0x097F, "Devanagari"), (0xA8E0, 0xA8FF, "Devanagari"),
        (0x0980, 0x09FF, "Bengali"), (0x0A00, 0x0A7F, "Gurmukhi"), (0x0A80, 0x0AFF, "Gujarati"), (0x0B00, 0x0B7F, "Oriya"),
        (0x0B80, 0x0BFF, "Tamil"), (0x0C00, 0x0C7F, "Telugu"), (0x0C80, 0x0CFF, "Kannada"), (0x0D00, 0x0D7F, "Malayalam"),
        (0x0D80, 0x0DFF, "Sinhala"), (0x0E01, 0x0E3A, "Thai"), (0x0E40, 0x0E7F, "Thai"), (0x0E80, 0x0EFF, "Lao"),
        (0x0F00, 0x0FFF, "Tibetan"), (0x1000, 0x109F, "Myanmar"),
        (0x10A0, 0x10FF, "Georgian"), (0x1C90, 0x1CBF, "Georgian"), (0x2D00, 0x2D2F, "Georgian"),
        (0x1100, 0x11FF, "Hangul"), (0x3131, 0x318F, "Hangul"), (0xA960, 0xA97F, "Hangul"), (0xAC00, 0xD7FF, "Hangul"),
        (0xFFA0, 0xFFDC, "Hangul"),
        (0x1200, 0x139F, "Ethiopic"), (0x2D80, 0x2DDF, "Ethiopic"), (0x13A0, 0x13FF, "Cherokee"), (0xAB70, 0xABBF, "Cherokee"),
        (0x1400, 0x167F, "Canadian Aboriginal"), (0x18B0, 0x18FF, "Canadian Aboriginal"),
        (0x1780, 0x17FF, "Khmer"), (0x19E0, 0x19FF, "Khmer"), (0x1800, 0x18AF, "Mongolian"), (0x2D30, 0x2D7F, "Tifinagh"),
        (0x3041, 0x309F, "Hiragana"), (0x1B001, 0x1B11F, "Hiragana"),
        (0x30A1, 0x30FA, "Katakana"), (0x30FC, 0x30FF, "Katakana"), (0x31F0, 0x31FF, "Katakana"), (0xFF66, 0xFF6F, "Katakana"),
        (0xFF70, 0xFF9D, "Katakana"), (0x1B000, 0x1B000, "Katakana"),
        (0x3100, 0x312F, "Bopomofo"), (0x31A0, 0x31BF, "Bopomofo"),
        (0x2E80, 0x2FDF, "Han"), (0x3005, 0x3007, "Han"), (0x303C, 0x303C, "Han"), (0x3021, 0x3029, "Han"), (0x3038, 0x303B, "Han"),
        (0x3400, 0x4DBF, "Han"), (0x4E00, 0x9FFF, "Han"), (0xF900, 0xFAFF, "Han"), (0x20000, 0x323AF, "Han"),
        (0xA000, 0xA4CF, "Yi"), (0xA500, 0xA63F, "Vai"),
    ];

    // UTS #39 "highly restrictive" lets the CJK scripts combine as their writing systems do. Unlike UTS #39, Latin
    // joins none of them: host names rarely mix Latin into a CJK label, and Latin look-alikes are the threat.
    private static readonly string[][] AllowedCombinations =
    [
        ["Han", "Hiragana", "Katakana"],
        ["Han", "Bopomofo"],
        ["Han", "Hangul"],
    ];

    /// <summary>The scripts of a label's letters and script-specific marks, in order of first appearance. Digits, '-' and shared marks count for none.</summary>
    public static IReadOnlyList<string> Of(string label)
    {
        var scripts = new List<string>();
        foreach (var rune in label.EnumerateRunes())
        {
            if (ScriptOf(rune) is { } script && !scripts.Contains(script))
            {
                scripts.Add(script);
            }
        }

        return scripts;
    }

    /// <summary>True when a label with these scripts is a single writing system.</summary>
    public static bool AreOneWritingSystem(IReadOnlyList<string> scripts) =>
        scripts.Count <= 1 || AllowedCombinations.Any(allowed => scripts.All(allowed.Contains));

    private static string? ScriptOf(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        var isLetter = category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;
        var isMark = category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
        if (!isLetter && !isMark)
        {
            return null;
        }

        var value = rune.Value;
        foreach (var (first, last, script) in Ranges)
        {
            if (value >= first && value <= last)
            {
                return script;
            }
        }

        // A mark outside every script's block is Inherited (combining accents); a letter is an unlisted script.
        return isLetter ? $"an unlisted script (U+{value & ~0x7F:X4} block)" : null;
    }
}
