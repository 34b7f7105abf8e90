using SftpJail.Executor.Audit;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Files;

/// <summary>The journal adds a line after reading only the file's last one, from its end.</summary>
public sealed class LastLineTests : IDisposable
{
    private readonly TestDirectory root = new();
    private readonly HostFileSystem fileSystem;

    public LastLineTests() => fileSystem = new HostFileSystem([root.Path]);

    public void Dispose() => root.Dispose();

    [Theory]
    [InlineData("", "")]
    [InlineData("\n\n", "")]
    [InlineData("one", "one")]
    [InlineData("one\ntwo\n", "two")]
    [InlineData("one\ntwo\n\n\n", "two")]
    public void The_last_non_empty_line_of_a_short_file(string content, string expected)
    {
        var file = root.CreateFile("log", content);

        Assert.Equal(expected, fileSystem.ReadLastLineNoFollow(file));
    }

    [Theory]
    [InlineData(8 * 1024 - 1)]
    [InlineData(8 * 1024)]
    [InlineData(8 * 1024 + 1)]
    [InlineData(100 * 1024)]
    public void A_last_line_longer_than_the_first_read_window_is_read_whole(int length)
    {
        var last = new string('x', length - 1) + "y";
        var file = root.CreateFile("log", string.Concat(Enumerable.Repeat("earlier line\n", 2000)) + last + "\n");
        var alone = root.CreateFile("alone", last);

        Assert.Equal(last, fileSystem.ReadLastLineNoFollow(file));
        Assert.Equal(last, fileSystem.ReadLastLineNoFollow(alone));
    }

    [Fact]
    public void Null_when_missing_and_refused_through_a_link_or_at_a_directory()
    {
        var file = root.CreateFile("log", "secret\n");
        var link = root.CreateSymlink("link", file);

        Assert.Null(fileSystem.ReadLastLineNoFollow(root["missing"]));
        Assert.Throws<UnsafePathException>(() => fileSystem.ReadLastLineNoFollow(link));
        Assert.Throws<UnsafePathException>(() => fileSystem.ReadLastLineNoFollow(root.Path));
    }

    [Fact]
    public void A_journal_longer_than_the_read_window_still_chains_each_appended_entry_to_the_one_before()
    {
        var state = root.CreateDirectory("state", 0x1c0);
        var journal = new ExecutorJournal(new ExecutorAuditPaths(state), new HostFileSystem([state]));
        var caller = new ExecutorCaller(0, Environment.ProcessId, "test");
        var detail = new[] { new string('d', 3000) };

        var entries = Enumerable.Range(0, 40).Select(i => journal.Append(caller, "apply", "applied", detail)).ToList();

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), entries.Select(e => e.Body.Seq));
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.Mac, pair.First.Body.PreviousMac));
        var check = journal.Verify();
        Assert.Equal(40, check.Entries);
        Assert.Empty(check.Problems);
    }
}
