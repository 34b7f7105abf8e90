using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

public sealed class AbsolutePathTests
{
    [Theory]
    [InlineData("/var/www", "/var/www")]
    [InlineData("/var/www/", "/var/www")]
    [InlineData("/", "/")]
    [InlineData("/srv/sftp/com.site1/html", "/srv/sftp/com.site1/html")]
    [InlineData("/var/www/a-b_c.d,e=f+g@h:i", "/var/www/a-b_c.d,e=f+g@h:i")]
    public void Accepts_an_absolute_path_and_drops_one_trailing_slash(string text, string expected)
    {
        Assert.Equal(expected, AbsolutePath.Parse(text).Value);
    }

    [Theory]
    [InlineData("var/www", "not an absolute path")]
    [InlineData("", "A path is required")]
    [InlineData("/var/../etc", "'..' segment")]
    [InlineData("/var/www/..", "'..' segment")]
    [InlineData("/var/./www", "'.' or '..' segment")]
    [InlineData("/var//www", "empty segment ('//')")]
    [InlineData("//", "empty segment ('//')")]
    [InlineData("/var/www//", "empty segment ('//')")]
    [InlineData("/var/my site", "a space")]
    [InlineData("/var/www\t", "a space")]
    [InlineData("/var/%u", "'%'")]
    [InlineData("/var/#www", "'#'")]
    [InlineData("/var/\"www\"", "a quote")]
    [InlineData("/var/'www'", "a quote")]
    [InlineData("/var/www\nMatch All", "a line break")]
    [InlineData("/var/www\u0000", "a NUL character")]
    [InlineData("/var/$HOME", "'$'")]
    [InlineData("/var/w\u00e9b", "non-ASCII character U+00E9")]
    public void Rejects_an_unsafe_path_and_says_why(string text, string expected)
    {
        var ok = AbsolutePath.TryParse(text, out var path, out var error);

        Assert.False(ok, $"accepted as {path}");
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_path_longer_than_path_max()
    {
        var text = "/" + string.Join('/', Enumerable.Repeat(new string('a', 200), 21));

        Assert.False(AbsolutePath.TryParse(text, out _, out var error));
        Assert.Contains("at most 4095", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_appends_one_segment()
    {
        Assert.Equal("/var/www/html", AbsolutePath.Parse("/var/www").Combine("html").Value);
        Assert.Equal("/etc", AbsolutePath.Parse("/").Combine("etc").Value);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("/etc")]
    [InlineData("html\n")]
    [InlineData("my site")]
    public void Combine_refuses_anything_but_a_single_safe_segment(string segment)
    {
        var root = AbsolutePath.Parse("/var/www");

        Assert.Throws<InputRejectedException>(() => root.Combine(segment));
    }

    [Theory]
    [InlineData("/var/www/site1", "/var/www", true)]
    [InlineData("/var/www", "/var/www", true)]
    [InlineData("/etc", "/", true)]
    [InlineData("/var/www2", "/var/www", false)]
    [InlineData("/var/www2/site", "/var/www", false)]
    [InlineData("/var", "/var/www", false)]
    public void IsWithin_compares_whole_segments(string path, string root, bool expected)
    {
        Assert.Equal(expected, AbsolutePath.Parse(path).IsWithin(AbsolutePath.Parse(root)));
    }

    [Fact]
    public void Parent_and_Name_walk_up_to_the_root()
    {
        var path = AbsolutePath.Parse("/var/www");

        Assert.Equal("www", path.Name);
        Assert.Equal("/var", path.Parent!.Value);
        Assert.Equal("/", path.Parent.Parent!.Value);
        Assert.Null(path.Parent.Parent.Parent);
    }
}
