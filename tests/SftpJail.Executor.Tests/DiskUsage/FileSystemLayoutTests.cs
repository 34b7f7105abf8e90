using SftpJail.Core.Values;
using SftpJail.Executor.DiskUsage;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.DiskUsage;

public sealed class FileSystemLayoutTests : IDisposable
{
    private readonly TestDirectory root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void Warns_about_a_directory_on_the_jail_roots_file_system_and_not_about_one_elsewhere()
    {
        var jails = root.CreateDirectory("www");

        var warnings = FileSystemLayout.Warnings(jails, [("Host:StateDir", root["state"]), ("the database", AbsolutePath.Parse("/proc/self"))]);

        var warning = Assert.Single(warnings);
        Assert.StartsWith($"Host:StateDir ({root["state"]}) is on the same file system as Host:JailRoot ({jails})", warning);
    }

    [Fact]
    public void A_directory_not_made_yet_is_judged_by_its_nearest_existing_parent()
    {
        Assert.Equal(FileSystemLayout.DeviceOf(root.Path), FileSystemLayout.DeviceOf(root["not/made/yet"]));
        Assert.NotEqual(FileSystemLayout.DeviceOf(root.Path), FileSystemLayout.DeviceOf(AbsolutePath.Parse("/proc/self/fd")));
    }
}
