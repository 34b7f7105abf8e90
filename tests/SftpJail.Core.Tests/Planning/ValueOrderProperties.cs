using FsCheck;
using FsCheck.Fluent;
using SftpJail.Core.Tests.Values;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Planning;

/// <summary>Every value type that is sorted has a total order consistent with equality.</summary>
public sealed class ValueOrderProperties
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";

    [Fact]
    public void Paths_have_a_total_order_consistent_with_equality() =>
        CheckTotalOrder(Parsed(HostileText.Joined("ab-_.", 3, 4, "/", prefix: "/"), t => AbsolutePath.TryParse(t, out var p, out _) ? p : null));

    [Fact]
    public void User_names_have_a_total_order_consistent_with_equality() =>
        CheckTotalOrder(Parsed(HostileText.Text("ab-_1", 4).Select(t => "u" + t), t => LinuxUserName.TryParse(t, out var n, out _) ? n : null));

    [Fact]
    public void Group_names_have_a_total_order_consistent_with_equality() =>
        CheckTotalOrder(Parsed(HostileText.Text("ab-_1", 4).Select(t => "g" + t), t => LinuxGroupName.TryParse(t, out var n, out _) ? n : null));

    [Fact]
    public void Domains_have_a_total_order_consistent_with_equality() =>
        CheckTotalOrder(Parsed(HostileText.Joined(Lower[..3] + "-", 3, 3, ".").Select(t => t + ".example"), t => SiteDomain.TryParse(t, out var d, out _) ? d : null));

    private static Gen<T> Parsed<T>(Gen<string> text, Func<string, T?> parse)
        where T : class => text.Select(parse).Where(v => v is not null).Select(v => v!);

    private static void CheckTotalOrder<T>(Gen<T> values)
        where T : class, IComparable<T>
    {
        var equalPairs = 0;
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(3000),
            Prop.ForAll(Arb.From(Gen.Three(values)), triple =>
            {
                var (a, b, c) = triple;
                equalPairs += a.Equals(b) ? 1 : 0;
                return a.CompareTo(a) == 0
                    && a.CompareTo(null) > 0
                    && Math.Sign(a.CompareTo(b)) == -Math.Sign(b.CompareTo(a))
                    && (a.CompareTo(b) == 0) == a.Equals(b)
                    && (a.CompareTo(b) > 0 && b.CompareTo(c) > 0 ? a.CompareTo(c) > 0 : true)
                    && (a.CompareTo(b) <= 0 && b.CompareTo(c) <= 0 ? a.CompareTo(c) <= 0 : true)
                    && new[] { c, b, a }.Order().SequenceEqual(new[] { a, b, c }.Order());
            }));

        // Small alphabets make equal values common enough that the equality branch is really checked.
        Assert.True(equalPairs > 10, $"only {equalPairs} equal pairs were generated");
    }
}
