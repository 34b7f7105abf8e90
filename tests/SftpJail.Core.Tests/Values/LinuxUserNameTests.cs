using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

public sealed class LinuxUserNameTests
{
    [Theory]
    [InlineData("site1")]
    [InlineData("a")]
    [InlineData("web_user-2")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void Accepts_a_normal_name_unchanged(string text)
    {
        var ok = LinuxUserName.TryParse(text, out var name, out var error);

        Assert.True(ok, error);
        Assert.Equal(text, name!.Value);
    }

    [Fact]
    public void Accepts_exactly_32_characters_and_rejects_33()
    {
        var longest = "s" + new string('x', 31);

        Assert.Equal(longest, LinuxUserName.Parse(longest).Value);
        var error = Rejected(longest + "x");
        Assert.Contains("at most 32 characters", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("site\n1", "a line break")]
    [InlineData("site1\n", "a line break")]
    [InlineData("site\r1", "a line break")]
    [InlineData("site\u00001", "a NUL character")]
    [InlineData("site%u", "'%'")]
    [InlineData("si\"te", "a quote")]
    [InlineData("si'te", "a quote")]
    [InlineData("si`te", "a quote")]
    [InlineData("si te", "a space")]
    [InlineData("si\tte", "a space")]
    [InlineData("..", "'.'")]
    [InlineData("site..x", "'.'")]
    [InlineData("a/b", "'/'")]
    [InlineData("site\u007f", "a control character")]
    [InlineData("-site", "must start with a lower-case letter")]
    [InlineData("1site", "must start with a lower-case letter")]
    [InlineData("_site", "must start with a lower-case letter")]
    [InlineData("Site1", "must be lower case")]
    [InlineData("siTe", "must be lower case")]
    [InlineData("site!", "may use only lower-case letters")]
    [InlineData("site$", "may use only lower-case letters")]
    [InlineData("\u0430dmin", "non-ASCII character U+0430")]
    [InlineData("\uff53\uff49\uff54\uff45", "non-ASCII character U+FF53")]
    [InlineData("si\u200bte", "non-ASCII character U+200B")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "at most 32 characters")]
    [InlineData("", "is required")]
    public void Rejects_a_hostile_name_and_says_why(string text, string expected)
    {
        var error = Rejected(text);

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_missing_name()
    {
        Assert.Contains("is required", Rejected(null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("daemon")]
    [InlineData("bin")]
    [InlineData("sys")]
    [InlineData("sync")]
    [InlineData("www-data")]
    [InlineData("apache")]
    [InlineData("nginx")]
    [InlineData("sshd")]
    [InlineData("nobody")]
    public void Rejects_a_reserved_system_account(string text)
    {
        var error = Rejected(text);

        Assert.Contains($"'{text}' is reserved", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_throws_with_the_field_name_and_the_reason()
    {
        var exception = Assert.Throws<InputRejectedException>(() => LinuxUserName.Parse("bad name", "sftpUser"));

        Assert.Equal("sftpUser", exception.Field);
        Assert.Contains("a space", exception.Reason, StringComparison.Ordinal);
    }

    private static string Rejected(string? text)
    {
        var ok = LinuxUserName.TryParse(text, out var name, out var error);

        Assert.False(ok, $"'{text}' was accepted as '{name}'");
        Assert.Null(name);
        return error!;
    }
}
