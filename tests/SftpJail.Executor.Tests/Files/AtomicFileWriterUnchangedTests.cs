using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Files;

/// <summary>Writing the bytes a file already has, with its owner and mode, leaves the file alone (same inode, same mtime).</summary>
public sealed class AtomicFileWriterUnchangedTests : IDisposable
{
    private const uint Nobody = 65534;

    private readonly TestDirectory root = new();
    private readonly AtomicFileWriter writer;

    public AtomicFileWriterUnchangedTests() => writer = new AtomicFileWriter(new HostFileSystem([root.Path]));

    public void Dispose() => root.Dispose();

    [Fact]
    public void The_same_bytes_owner_and_mode_keep_the_inode_and_mtime()
    {
        var target = root["manifest.json"];
        writer.Write(target, "{\"Sites\":[]}\n", 0x180, Nobody, Nobody);
        var before = (HostStat.Of(target.Value).Inode, File.GetLastWriteTimeUtc(target.Value));
        Thread.Sleep(20);

        writer.Write(target, "{\"Sites\":[]}\n", 0x180, Nobody, Nobody);

        Assert.Equal(before, (HostStat.Of(target.Value).Inode, File.GetLastWriteTimeUtc(target.Value)));
        Assert.Single(Directory.GetFileSystemEntries(root.Path.Value));
    }

    [Fact]
    public void Different_bytes_of_the_same_length_are_written()
    {
        var target = root["a.conf"];
        writer.Write(target, "listen 80;\n", 0x1a4);
        var inode = HostStat.Of(target.Value).Inode;

        writer.Write(target, "listen 81;\n", 0x1a4);

        Assert.Equal("listen 81;\n", File.ReadAllText(target.Value));
        Assert.NotEqual(inode, HostStat.Of(target.Value).Inode);
    }

    [Fact]
    public void The_same_bytes_with_another_mode_or_owner_are_written_with_the_new_ones()
    {
        var target = root["b.conf"];
        writer.Write(target, "x\n", 0x1a4);

        writer.Write(target, "x\n", 0x180, Nobody, 0);

        var stat = HostStat.Of(target.Value);
        Assert.Equal((Nobody, 0u, 0x180), (stat.Uid, stat.Gid, stat.Mode));
    }

    [Fact]
    public void A_hard_linked_file_with_the_same_bytes_is_still_replaced_by_its_own_copy()
    {
        // A second name for the file (a hard link from elsewhere) would let someone else's change reach a managed file.
        var target = root["c.conf"];
        writer.Write(target, "y\n", 0x1a4);
        var alias = root["alias"];
        HostStat.Run("/usr/bin/ln", "--", target.Value, alias.Value);
        Assert.Equal(2u, HostStat.LinkCount(target.Value));

        writer.Write(target, "y\n", 0x1a4);

        Assert.Equal(1u, HostStat.LinkCount(target.Value));
    }
}
