using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Files;

/// <summary>A remembered parse is reused only while the file is the one it was parsed from.</summary>
public sealed class RememberedFileTests : IDisposable
{
    private readonly TestDirectory root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void An_unchanged_file_is_parsed_once_and_any_rewrite_replacement_or_removal_is_seen()
    {
        var path = root["state.json"];
        var remembered = new RememberedFile<string>(path);
        var parses = 0;
        string? Parse()
        {
            parses++;
            return File.Exists(path.Value) ? File.ReadAllText(path.Value) : null;
        }

        File.WriteAllText(path.Value, "one");
        var first = remembered.Read(Parse);
        var again = remembered.Read(Parse);
        Assert.Equal(("one", "one", 1), (first, again, parses));

        File.WriteAllText(path.Value, "one, rewritten in place");
        Assert.Equal(("one, rewritten in place", 2), (remembered.Read(Parse), parses));

        File.WriteAllText(path.Value + ".new", "two");
        File.Move(path.Value + ".new", path.Value, overwrite: true);
        Assert.Equal(("two", 3), (remembered.Read(Parse), parses));
        Assert.Equal(("two", 3), (remembered.Read(Parse), parses));

        File.Delete(path.Value);
        Assert.Equal((null, 4), (remembered.Read(Parse), parses));
        Assert.Equal((null, 5), (remembered.Read(Parse), parses));
    }

    [Fact]
    public void What_the_caller_wrote_is_remembered_until_the_file_changes()
    {
        var path = root["state.json"];
        var remembered = new RememberedFile<string>(path);
        var parses = 0;
        string? Parse()
        {
            parses++;
            return File.ReadAllText(path.Value);
        }

        File.WriteAllText(path.Value, "written");
        remembered.Wrote("written");
        Assert.Equal(("written", 0), (remembered.Read(Parse), parses));

        File.AppendAllText(path.Value, " and appended to by hand");
        Assert.Equal(("written and appended to by hand", 1), (remembered.Read(Parse), parses));
    }
}
