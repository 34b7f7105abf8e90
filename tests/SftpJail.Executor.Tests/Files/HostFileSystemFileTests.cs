using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Files;

public sealed class HostFileSystemFileTests : IDisposable
{
    private const uint Nobody = 65534;

    private readonly TestDirectory root = new();
    private readonly HostFileSystem fileSystem;

    public HostFileSystemFileTests() => fileSystem = new HostFileSystem([root.Path]);

    public void Dispose() => root.Dispose();

    [Fact]
    public void Sets_owner_and_mode_of_a_regular_file()
    {
        var keys = root.CreateFile("authorized_keys", "ssh-ed25519 AAAA", 0x1b6);

        fileSystem.SetOwnerAndMode(keys, Nobody, Nobody, 0x180);

        var stat = HostStat.Of(keys.Value);
        Assert.Equal((Nobody, Nobody, 0x180), (stat.Uid, stat.Gid, stat.Mode));
    }

    [Fact]
    public void Refuses_a_symlink_to_a_root_owned_file_and_leaves_the_file_untouched()
    {
        var secret = root.CreateFile("shadow-like", "root only", 0x180);
        var link = root.CreateSymlink("authorized_keys", secret);

        var error = Assert.Throws<UnsafePathException>(() => fileSystem.SetOwnerAndMode(link, Nobody, Nobody, 0x1ff));

        Assert.Equal(link, error.OffendingPath);
        var stat = HostStat.Of(secret.Value);
        Assert.Equal((0u, 0u, 0x180), (stat.Uid, stat.Gid, stat.Mode));
    }

    [Fact]
    public void Refuses_a_file_with_a_second_hard_link()
    {
        var original = root.CreateFile("original", "data", 0x180);
        var alias = root["alias"];
        HostStat.Run("/bin/ln", "--", original.Value, alias.Value);

        Assert.Throws<UnsafePathException>(() => fileSystem.SetOwnerAndMode(alias, Nobody, Nobody, 0x1b6));

        Assert.Equal(0u, HostStat.Of(original.Value).Uid);
    }

    [Fact]
    public void Refuses_a_fifo()
    {
        var fifo = root["fifo"];
        HostStat.Run("/usr/bin/mkfifo", "--", fifo.Value);

        Assert.Throws<UnsafePathException>(() => fileSystem.SetOwnerAndMode(fifo, Nobody, Nobody, 0x1b6));
        Assert.Throws<UnsafePathException>(() => fileSystem.ReadTextNoFollow(fifo));
    }

    [Fact]
    public void Inspect_describes_the_path_itself_and_never_what_a_link_points_to()
    {
        var file = root.CreateFile("file", "12345", 0x1a4);
        var link = root.CreateSymlink("link", file);

        var fileEntry = fileSystem.Inspect(file);
        var linkEntry = fileSystem.Inspect(link);
        var missing = fileSystem.Inspect(root["missing"]);
        var directory = fileSystem.Inspect(root.Path);

        Assert.Equal(new FileSystemEntry(file, FileKind.RegularFile, 0, 0, 0x1a4, 5), fileEntry);
        Assert.Equal(FileKind.Symlink, linkEntry.Kind);
        Assert.Equal(FileKind.Missing, missing.Kind);
        Assert.Equal((FileKind.Directory, 0x1ed), (directory.Kind, directory.Mode));
    }

    [Fact]
    public void Reads_the_text_of_a_regular_file_and_null_when_missing()
    {
        var file = root.CreateFile("config", "Match Group sftp\n");

        Assert.Equal("Match Group sftp\n", fileSystem.ReadTextNoFollow(file));
        Assert.Null(fileSystem.ReadTextNoFollow(root["missing"]));
    }

    [Fact]
    public void Refuses_to_read_through_a_symlink_or_a_directory()
    {
        var file = root.CreateFile("config", "secret");
        var link = root.CreateSymlink("link", file);

        Assert.Throws<UnsafePathException>(() => fileSystem.ReadTextNoFollow(link));
        Assert.Throws<UnsafePathException>(() => fileSystem.ReadTextNoFollow(root.Path));
    }

    [Fact]
    public void Removes_a_file_and_reports_when_there_was_none()
    {
        var file = root.CreateFile("stale.conf", "x");

        Assert.True(fileSystem.RemoveFile(file));
        Assert.False(File.Exists(file.Value));
        Assert.False(fileSystem.RemoveFile(file));
    }

    [Fact]
    public void Removing_a_symlink_removes_only_the_link()
    {
        var file = root.CreateFile("target", "still here");
        var link = root.CreateSymlink("link", file);

        fileSystem.RemoveFile(link);

        Assert.False(File.Exists(link.Value));
        Assert.Equal("still here", File.ReadAllText(file.Value));
    }

    [Fact]
    public void Never_removes_a_directory()
    {
        var directory = root.CreateDirectory("html");

        Assert.Throws<UnsafePathException>(() => fileSystem.RemoveFile(directory));

        Assert.True(Directory.Exists(directory.Value));
    }
}
