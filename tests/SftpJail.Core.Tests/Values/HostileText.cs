using FsCheck;
using FsCheck.Fluent;

namespace SftpJail.Core.Tests.Values;

/// <summary>
/// Generators for property tests: mostly characters a value may hold, salted with the ones that
/// break configs and shells, plus FsCheck's own arbitrary strings. Mostly-valid input matters: a
/// property over purely random strings would almost never reach the "accepted" branch.
/// </summary>
internal static class HostileText
{
    public static readonly char[] Hostile =
    [
        ' ', '\t', '\n', '\r', '\0', '\u0001', '\u001b', '\u007f', '"', '\'', '`', '%', '#', '\\', '$', ';', '*',
        '.', '/', ':', '@', '=', ',', '!', '_', 'A', 'Z', '\u00a0', '\u00e9', '\u00fc', '\u0430', '\u0435',
        '\uff41', '\u200b', '\u200d', '\u202e', '\u2028', '\u3002', '\ud83d', '\ude00', '\ufeff',
    ];

    public static Gen<string> Mix(string safe, int maxLength) =>
        Gen.Frequency(
            (8, Text(safe, maxLength)),
            (2, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")));

    public static Gen<string> Text(string safe, int maxLength)
    {
        var character = Gen.Frequency((9, Gen.Elements(safe.ToCharArray())), (1, Gen.Elements(Hostile)));
        return Gen.Choose(0, maxLength).SelectMany(length => Gen.ArrayOf(character, length)).Select(chars => new string(chars));
    }

    /// <summary>Pieces from <see cref="Text"/> joined by <paramref name="separator"/>.</summary>
    public static Gen<string> Joined(string safe, int maxPieceLength, int maxPieces, string separator, string prefix = "") =>
        Gen.Choose(1, maxPieces)
            .SelectMany(count => Gen.ArrayOf(Text(safe, maxPieceLength), count))
            .Select(pieces => prefix + string.Join(separator, pieces));

    /// <summary>Runs <paramref name="property"/> and proves both branches were reached, so it cannot pass vacuously.</summary>
    public static void CheckBothWays(Gen<string> inputs, Func<string, bool?> property, int runs = 2000)
    {
        var accepted = 0;
        var rejected = 0;
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(runs),
            Prop.ForAll(Arb.From(inputs), text =>
            {
                var outcome = property(text);
                if (outcome is null)
                {
                    rejected++;
                    return true;
                }

                accepted++;
                return outcome.Value;
            }));

        Assert.True(accepted > runs / 50, $"only {accepted} of {runs} generated inputs were accepted");
        Assert.True(rejected > runs / 50, $"only {rejected} of {runs} generated inputs were rejected");
    }

    /// <summary>What no parsed value may contain: whitespace, control characters, quotes, '%', '#' or non-ASCII.</summary>
    public static bool IsConfigSafe(string value) =>
        value.Length > 0 && value.All(c => c is > ' ' and <= '~' and not ('"' or '\'' or '`' or '%' or '#' or '\\'));
}
