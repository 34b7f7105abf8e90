using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Files;

public sealed class WritableRootTests : IDisposable
{
    private readonly TestDirectory root = new();
    private readonly TestDirectory outside = new();
    private readonly HostFileSystem fileSystem;

    public WritableRootTests() => fileSystem = new HostFileSystem([root.Path]);

    public void Dispose()
    {
        root.Dispose();
        outside.Dispose();
    }

    public static TheoryData<string> MutatingOperations => ["EnsureDirectory", "SetOwnerAndMode", "RemoveFile", "MoveDirectoryFrom", "MoveDirectoryTo", "AtomicWrite"];

    [Theory]
    [MemberData(nameof(MutatingOperations))]
    public void Every_change_outside_the_roots_is_refused_and_names_the_path(string operation)
    {
        var target = outside.CreateFile("victim", "unchanged", 0x180);

        var error = Assert.Throws<UnauthorizedAccessException>(() => Change(operation, target));

        Assert.Contains(target.Value, error.Message);
        Assert.Equal("unchanged", File.ReadAllText(target.Value));
        Assert.Equal(0x180, HostStat.Of(target.Value).Mode);
    }

    [Fact]
    public void A_sibling_that_merely_shares_the_roots_name_as_a_prefix_is_outside()
    {
        var lookalike = AbsolutePath.Parse(root.Path.Value + "-evil");

        Assert.Throws<UnauthorizedAccessException>(() => fileSystem.EnsureDirectory(lookalike, 0, 0, 0x1ed));

        Assert.False(Directory.Exists(lookalike.Value));
    }

    [Fact]
    public void The_root_itself_can_be_changed()
    {
        fileSystem.EnsureDirectory(root.Path, 0, 0, 0x1c0);

        Assert.Equal(0x1c0, HostStat.Of(root.Path.Value).Mode);
    }

    [Fact]
    public void Reading_is_not_confined_to_the_roots()
    {
        var file = outside.CreateFile("readable", "text");

        Assert.Equal("text", fileSystem.ReadTextNoFollow(file));
    }

    private void Change(string operation, AbsolutePath target)
    {
        switch (operation)
        {
            case "EnsureDirectory": fileSystem.EnsureDirectory(target, 0, 0, 0x1ff); break;
            case "SetOwnerAndMode": fileSystem.SetOwnerAndMode(target, 65534, 65534, 0x1ff); break;
            case "RemoveFile": fileSystem.RemoveFile(target); break;
            case "MoveDirectoryFrom": fileSystem.MoveDirectory(target, root["moved"]); break;
            case "MoveDirectoryTo": fileSystem.MoveDirectory(root.CreateDirectory("inside"), target); break;
            case "AtomicWrite": new AtomicFileWriter(fileSystem).Write(target, "replaced", 0x1ff); break;
            default: throw new ArgumentOutOfRangeException(nameof(operation));
        }
    }
}
