using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

public sealed class SiteDomainTests
{
    [Theory]
    [InlineData("Example.COM", "example.com")]
    [InlineData("example.com.", "example.com")]
    [InlineData("site1.com", "site1.com")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("BÜCHER.example", "xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("a-b.c0.example", "a-b.c0.example")]
    public void Normalises_to_lower_case_ascii_without_a_trailing_dot(string text, string expected)
    {
        Assert.Equal(expected, SiteDomain.Parse(text).Value);
    }

    [Fact]
    public void Displays_an_internationalised_domain_in_unicode()
    {
        Assert.Equal("bücher.example", SiteDomain.Parse("bücher.example").Display);
        Assert.Equal("example.com", SiteDomain.Parse("example.com").Display);
    }

    [Theory]
    [InlineData("site1.com", "com.site1")]
    [InlineData("a.b.example.org", "org.example.b.a")]
    public void Reverse_puts_the_top_level_label_first(string text, string expected)
    {
        Assert.Equal(expected, SiteDomain.Parse(text).Reverse);
    }

    [Fact]
    public void Accepts_a_63_character_label_and_a_253_character_name()
    {
        var label = new string('a', 63);
        var longest = $"{label}.{label}.{label}.{new string('b', 61)}";

        Assert.Equal(253, longest.Length);
        Assert.Equal(longest, SiteDomain.Parse(longest).Value);
        Assert.Equal(label + ".com", SiteDomain.Parse(label + ".com").Value);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", "1 to 63 characters")]
    [InlineData("localhost", "at least two labels")]
    [InlineData("-site.com", "cannot start or end with '-'")]
    [InlineData("site-.com", "cannot start or end with '-'")]
    [InlineData("my_site.com", "'_'")]
    [InlineData("a..com", "empty label")]
    [InlineData(".example.com", "empty label")]
    [InlineData("example.com..", "1 to 63 characters")]
    [InlineData("my site.com", "a space")]
    [InlineData("site.com\nserver_name evil", "a line break")]
    [InlineData("site\u0000.com", "a NUL character")]
    [InlineData("site%.com", "'%'")]
    [InlineData("si\"te.com", "a quote")]
    [InlineData("site.com/x", "a slash")]
    [InlineData("*.example.com", "a wildcard")]
    [InlineData("192.168.1.10", "numeric label")]
    [InlineData("example.123", "numeric label")]
    [InlineData("site!.com", "only letters, digits and '-'")]
    [InlineData("ab--cd.com", "reserved")]
    [InlineData("xn--zz.com", "valid punycode")]
    [InlineData("exam\u200bple.com", "invisible character U+200B")]
    [InlineData("", "A domain is required")]
    [InlineData("   ", "A domain is required")]
    public void Rejects_an_invalid_domain_and_says_why(string text, string expected)
    {
        var ok = SiteDomain.TryParse(text, out var domain, out var error);

        Assert.False(ok, $"accepted as {domain}");
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_name_longer_than_253_characters()
    {
        var label = new string('a', 63);

        Assert.False(SiteDomain.TryParse($"{label}.{label}.{label}.{new string('b', 62)}", out _, out var error));
        Assert.Contains("at most 253", error, StringComparison.Ordinal);
    }
}
