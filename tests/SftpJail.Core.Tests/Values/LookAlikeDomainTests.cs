using FsCheck;
using FsCheck.Fluent;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

/// <summary>Issue 9, item 4: a new site name may not mix scripts inside one label (UTS #39 style).</summary>
public sealed class LookAlikeDomainTests
{
    private static readonly Dictionary<string, string> Letters = new(StringComparer.Ordinal)
    {
        ["Latin"] = "abcdefghijklmnopqrstuvwxyzüéß",
        ["Cyrillic"] = "абвгдежзийклмнопрстуфхцчшщыэюяіј",
        ["Greek"] = "αβγδεζηθικλμνξοπρστυφχψω",
        ["Armenian"] = "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
        ["Hebrew"] = "אבגדהוזחטיכלמנסעפצקרשת",
        ["Arabic"] = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
        ["Thai"] = "กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",
        ["Hangul"] = "가나다라마바사아자차카타파하",
        ["Hiragana"] = "あいうえおかきくけこさしすせそ",
    };

    [Theory]
    [InlineData("раypal.com", "'раypal.com' mixes Cyrillic and Latin letters in one label (look-alike domain); use one script per label.")]
    [InlineData("xn--ypal-43d9g.com", "'xn--ypal-43d9g.com' (раypal.com) mixes Cyrillic and Latin letters in one label (look-alike domain); use one script per label.")]
    [InlineData("gооgle.example", "'gооgle.example' mixes Latin and Cyrillic letters in one label (look-alike domain); use one script per label.")]
    [InlineData("shop.bіtcoin.example", "'shop.bіtcoin.example' mixes Latin and Cyrillic letters in one label (look-alike domain); use one script per label.")]
    [InlineData("aпα.example", "'aпα.example' mixes Latin, Cyrillic and Greek letters in one label (look-alike domain); use one script per label.")]
    public void Refuses_a_label_that_mixes_scripts_and_says_so(string text, string expected)
    {
        Assert.True(SiteDomain.TryParse(text, out _, out _), "the syntax alone is valid");

        Assert.False(SiteDomain.TryParseNew(text, out var domain, out var error), $"accepted as {domain}");
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("bücher.example")]
    [InlineData("пример.рф")]
    [InlineData("παράδειγμα.ελ")]
    [InlineData("例え.jp")]
    [InlineData("日本語ドメイン.jp")]
    [InlineData("ラーメン.example")]
    [InlineData("中文ㄅㄆ.example")]
    [InlineData("한국어漢字.example")]
    [InlineData("site1.com")]
    [InlineData("1-2-3.example")]
    [InlineData("пример.com")]
    [InlineData("مثال.example")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("ελληνικά2024.example")]
    public void Accepts_labels_in_one_writing_system(string text)
    {
        Assert.True(SiteDomain.TryParseNew(text, out var domain, out var error), error);
        Assert.Equal(SiteDomain.Parse(text), domain);
    }

    [Theory]
    [InlineData("日本abc.example")]
    [InlineData("한국abc.example")]
    [InlineData("ひらがなㄅ.example")]
    [InlineData("ไทยab.example")]
    public void Latin_joins_no_other_script_and_only_the_cjk_combinations_are_allowed(string text)
    {
        Assert.False(SiteDomain.TryParseNew(text, out _, out var error));
        Assert.Contains("look-alike", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recorded_name_still_parses_so_an_old_look_alike_site_can_be_removed()
    {
        Assert.Equal("xn--ypal-43d9g.com", SiteDomain.Parse("xn--ypal-43d9g.com").Value);
    }

    [Fact]
    public void A_label_with_letters_of_two_scripts_is_refused_typed_or_as_punycode_and_one_script_is_accepted()
    {
        var scripts = Letters.Keys.ToArray();
        var twoScripts = 0;
        var property = Prop.ForAll(Arb.From(Labels(scripts)), sample =>
        {
            var (label, used) = sample;
            var text = label + ".example";
            if (!SiteDomain.TryParse(text, out var parsed, out _))
            {
                return true;
            }

            var typed = SiteDomain.TryParseNew(text, out _, out _);
            var punycode = SiteDomain.TryParseNew(parsed.Value, out _, out _);
            if (used.Count > 1)
            {
                twoScripts++;
                return !typed && !punycode;
            }

            return typed && punycode;
        });

        property.Check(Config.QuickThrowOnFailure.WithMaxTest(1500));

        Assert.True(twoScripts > 300, $"only {twoScripts} mixed labels were generated and parsed");
    }

    /// <summary>A label of letters from one script or two, with digits and inner '-', and the scripts it used.</summary>
    private static Gen<(string Label, IReadOnlySet<string> Used)> Labels(string[] scripts) =>
        from first in Gen.Elements(scripts)
        from second in Gen.Elements(scripts)
        from length in Gen.Choose(2, 12)
        from picks in Gen.ArrayOf(Gen.Choose(0, 99), length)
        select Build(first, second, picks);

    private static (string, IReadOnlySet<string>) Build(string first, string second, int[] picks)
    {
        var chars = new List<char>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < picks.Length; i++)
        {
            var pick = picks[i];
            if (pick < 8 && i > 0 && i < picks.Length - 1)
            {
                chars.Add(pick < 4 ? '-' : (char)('0' + pick));
                continue;
            }

            var script = i == 0 ? first : i == picks.Length - 1 ? second : pick % 2 == 0 ? first : second;
            var alphabet = Letters[script];
            chars.Add(alphabet[pick % alphabet.Length]);
            used.Add(script);
        }

        return (new string([.. chars]), used);
    }
}
