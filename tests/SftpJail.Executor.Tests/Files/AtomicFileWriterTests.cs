using System.Text;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Files;

public sealed class AtomicFileWriterTests : IDisposable
{
    private const uint Nobody = 65534;

    private readonly TestDirectory root = new();
    private readonly AtomicFileWriter writer;

    public AtomicFileWriterTests() => writer = new AtomicFileWriter(new HostFileSystem([root.Path]));

    public void Dispose() => root.Dispose();

    [Fact]
    public void Writes_content_mode_and_owner_and_leaves_no_temporary_file()
    {
        var target = root["50-sftpjail.conf"];

        writer.Write(target, "Match Group sftponly\n", 0x1a0, Nobody, Nobody);

        Assert.Equal("Match Group sftponly\n", File.ReadAllText(target.Value));
        var stat = HostStat.Of(target.Value);
        Assert.Equal((Nobody, Nobody, 0x1a0, "regular file"), (stat.Uid, stat.Gid, stat.Mode, stat.Type));
        Assert.Equal(["50-sftpjail.conf"], Directory.GetFileSystemEntries(root.Path.Value).Select(Path.GetFileName));
    }

    [Fact]
    public void Writes_bytes_exactly()
    {
        var target = root["blob"];
        byte[] content = [0, 1, 2, 0xff, (byte)'\n'];

        writer.Write(target, content, 0x180);

        Assert.Equal(content, File.ReadAllBytes(target.Value));
    }

    [Fact]
    public void Replaces_an_existing_file_by_rename_so_an_open_reader_keeps_the_old_content()
    {
        var target = root.CreateFile("config", "old content\n", 0x1a4);
        var inodeBefore = HostStat.Of(target.Value).Inode;
        using var reader = new StreamReader(target.Value, Encoding.UTF8);

        writer.Write(target, "new content\n", 0x1a4);

        Assert.Equal("new content\n", File.ReadAllText(target.Value));
        Assert.NotEqual(inodeBefore, HostStat.Of(target.Value).Inode);
        Assert.Equal("old content\n", reader.ReadToEnd());
        Assert.Single(Directory.GetFileSystemEntries(root.Path.Value));
    }

    [Fact]
    public void Refuses_a_symlink_target_and_the_links_target_keeps_its_content()
    {
        var victim = root.CreateFile("victim", "precious\n", 0x180);
        var link = root.CreateSymlink("config", victim);

        var error = Assert.Throws<UnsafePathException>(() => writer.Write(link, "overwritten", 0x1b6));

        Assert.Equal(link, error.OffendingPath);
        Assert.Equal("precious\n", File.ReadAllText(victim.Value));
        Assert.Equal("symbolic link", HostStat.Of(link.Value).Type);
        Assert.Equal(2, Directory.GetFileSystemEntries(root.Path.Value).Length);
    }

    [Fact]
    public void Refuses_a_directory_target()
    {
        var directory = root.CreateDirectory("config");

        Assert.Throws<UnsafePathException>(() => writer.Write(directory, "x", 0x1a4));

        Assert.True(Directory.Exists(directory.Value));
        Assert.Single(Directory.GetFileSystemEntries(root.Path.Value));
    }

    [Fact]
    public void Refuses_a_target_below_a_symlinked_directory()
    {
        var real = root.CreateDirectory("real");
        var link = root.CreateSymlink("link", real);

        Assert.Throws<UnsafePathException>(() => writer.Write(link.Combine("file"), "x", 0x1a4));

        Assert.Empty(Directory.GetFileSystemEntries(real.Value));
    }
}
