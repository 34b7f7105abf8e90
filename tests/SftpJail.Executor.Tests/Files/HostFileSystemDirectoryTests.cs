using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Files;

public sealed class HostFileSystemDirectoryTests : IDisposable
{
    private const uint Nobody = 65534;

    private readonly TestDirectory root = new();
    private readonly HostFileSystem fileSystem;

    public HostFileSystemDirectoryTests() => fileSystem = new HostFileSystem([root.Path]);

    public void Dispose() => root.Dispose();

    [Fact]
    public void Creates_a_missing_directory_with_the_requested_owner_and_mode()
    {
        var site = root["site"];

        var created = fileSystem.EnsureDirectory(site, Nobody, Nobody, 0x1e8); // 0750

        Assert.True(created);
        var stat = HostStat.Of(site.Value);
        Assert.Equal((Nobody, Nobody, 0x1e8, "directory"), (stat.Uid, stat.Gid, stat.Mode, stat.Type));
    }

    [Fact]
    public void Keeps_setgid_and_sticky_bits_after_changing_the_owner()
    {
        var shared = root["shared"];

        fileSystem.EnsureDirectory(shared, Nobody, Nobody, 0x5e8); // 02750

        Assert.Equal(0x5e8, HostStat.Of(shared.Value).Mode);
        Assert.Equal(0x5e8, fileSystem.Inspect(shared).Mode);
    }

    [Fact]
    public void Corrects_owner_and_mode_of_a_directory_that_already_exists()
    {
        var existing = root.CreateDirectory("existing", 0x1ff);

        var created = fileSystem.EnsureDirectory(existing, 0, Nobody, 0x1ed);

        Assert.False(created);
        var stat = HostStat.Of(existing.Value);
        Assert.Equal((0u, Nobody, 0x1ed), (stat.Uid, stat.Gid, stat.Mode));
    }

    [Fact]
    public void Refuses_a_symlink_planted_where_a_directory_is_expected_and_leaves_its_target_alone()
    {
        var victim = root.CreateDirectory("victim", 0x1c0);
        var planted = root.CreateSymlink("html", victim);

        var error = Assert.Throws<UnsafePathException>(() => fileSystem.EnsureDirectory(planted, Nobody, Nobody, 0x1ff));

        Assert.Equal(planted, error.OffendingPath);
        Assert.Contains("symbolic link", error.Message);
        var stat = HostStat.Of(victim.Value);
        Assert.Equal((0u, 0u, 0x1c0), (stat.Uid, stat.Gid, stat.Mode));
        Assert.Equal("symbolic link", HostStat.Of(planted.Value).Type);
    }

    [Fact]
    public void Refuses_to_create_below_a_symlinked_parent()
    {
        var real = root.CreateDirectory("real");
        var link = root.CreateSymlink("link", real);

        var error = Assert.Throws<UnsafePathException>(() => fileSystem.EnsureDirectory(link.Combine("sub"), Nobody, Nobody, 0x1ed));

        Assert.Equal(link, error.OffendingPath);
        Assert.False(Directory.Exists(real.Combine("sub").Value));
    }

    [Fact]
    public void Refuses_a_regular_file_where_a_directory_is_expected()
    {
        var file = root.CreateFile("html", "not a directory");

        var error = Assert.Throws<UnsafePathException>(() => fileSystem.EnsureDirectory(file, Nobody, Nobody, 0x1ed));

        Assert.Contains("not a directory", error.Message);
        Assert.Equal(0u, HostStat.Of(file.Value).Uid);
    }

    [Fact]
    public void Never_creates_missing_parents()
    {
        var deep = root["missing"].Combine("child");

        var error = Assert.Throws<PosixException>(() => fileSystem.EnsureDirectory(deep, 0, 0, 0x1ed));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Contains(root["missing"].Value, error.Message);
        Assert.False(Directory.Exists(root["missing"].Value));
    }

    [Fact]
    public void Moves_a_directory_within_the_roots()
    {
        var from = root.CreateDirectory("old");
        root.CreateFile("old/keep.txt", "kept");
        var to = root["new"];

        fileSystem.MoveDirectory(from, to);

        Assert.False(Directory.Exists(from.Value));
        Assert.Equal("kept", File.ReadAllText(to.Combine("keep.txt").Value));
    }

    [Fact]
    public void Refuses_to_move_onto_something_that_exists()
    {
        var from = root.CreateDirectory("old");
        var to = root.CreateDirectory("taken");

        Assert.Throws<IOException>(() => fileSystem.MoveDirectory(from, to));

        Assert.True(Directory.Exists(from.Value));
    }

    [Fact]
    public void Refuses_to_move_a_symlink_as_if_it_were_a_directory()
    {
        var real = root.CreateDirectory("real");
        var link = root.CreateSymlink("link", real);

        Assert.Throws<UnsafePathException>(() => fileSystem.MoveDirectory(link, root["moved"]));

        Assert.Equal("symbolic link", HostStat.Of(link.Value).Type);
    }
}
