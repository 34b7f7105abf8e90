using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

public sealed class LinuxGroupNameTests
{
    [Theory]
    [InlineData("sftpjail-users")]
    [InlineData("www-data")]
    [InlineData("sudo")]
    public void Accepts_a_group_name_including_system_groups(string text)
    {
        Assert.Equal(text, LinuxGroupName.Parse(text).Value);
    }

    [Theory]
    [InlineData("Jail", "must be lower case")]
    [InlineData("jail users", "a space")]
    [InlineData("jail\nMatch All", "a line break")]
    [InlineData("-jail", "must start with a lower-case letter")]
    [InlineData("j%u", "'%'")]
    [InlineData("", "A group name is required")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "at most 32 characters")]
    public void Rejects_an_unsafe_group_name_and_says_why(string text, string expected)
    {
        var ok = LinuxGroupName.TryParse(text, out var group, out var error);

        Assert.False(ok);
        Assert.Null(group);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
