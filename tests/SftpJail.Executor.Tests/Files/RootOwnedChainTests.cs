using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Files;

public sealed class RootOwnedChainTests : IDisposable
{
    private readonly TestDirectory root = new();
    private readonly HostFileSystem fileSystem;

    public RootOwnedChainTests() => fileSystem = new HostFileSystem([root.Path]);

    public void Dispose() => root.Dispose();

    [Fact]
    public void Accepts_a_chain_of_root_owned_0755_directories()
    {
        var chroot = root.CreateDirectory("jail");
        root.CreateDirectory("jail/alice");

        fileSystem.VerifyRootOwnedChain(chroot.Combine("alice"));
    }

    [Fact]
    public void Refuses_a_world_writable_component_and_names_it()
    {
        var open = root.CreateDirectory("jail", 0x1ff);
        var chroot = root.CreateDirectory("jail/alice");

        var error = Assert.Throws<UnsafePathException>(() => fileSystem.VerifyRootOwnedChain(chroot));

        Assert.Equal(open, error.OffendingPath);
        Assert.Contains("0777", error.Message);
    }

    [Fact]
    public void Refuses_a_group_writable_component()
    {
        var chroot = root.CreateDirectory("alice", 0x1fd);

        var error = Assert.Throws<UnsafePathException>(() => fileSystem.VerifyRootOwnedChain(chroot));

        Assert.Equal(chroot, error.OffendingPath);
    }

    [Fact]
    public void Refuses_a_component_owned_by_another_user()
    {
        var chroot = root.CreateDirectory("alice");
        fileSystem.SetOwnerAndMode(chroot, 65534, 0, 0x1ed);

        var error = Assert.Throws<UnsafePathException>(() => fileSystem.VerifyRootOwnedChain(chroot));

        Assert.Equal(chroot, error.OffendingPath);
        Assert.Contains("uid 65534", error.Message);
    }

    [Fact]
    public void Refuses_a_symlinked_component_even_if_its_target_is_fine()
    {
        var real = root.CreateDirectory("real");
        root.CreateDirectory("real/alice");
        var link = root.CreateSymlink("jail", real);

        var error = Assert.Throws<UnsafePathException>(() => fileSystem.VerifyRootOwnedChain(link.Combine("alice")));

        Assert.Equal(link, error.OffendingPath);
    }

    [Fact]
    public void Refuses_anything_below_tmp_because_tmp_is_world_writable()
    {
        var error = Assert.Throws<UnsafePathException>(() => fileSystem.VerifyRootOwnedChain(AbsolutePath.Parse("/tmp")));

        Assert.Equal("/tmp", error.OffendingPath.Value);
    }

    [Fact]
    public void Reports_a_missing_component()
    {
        Assert.ThrowsAny<IOException>(() => fileSystem.VerifyRootOwnedChain(root["missing"]));
    }
}
