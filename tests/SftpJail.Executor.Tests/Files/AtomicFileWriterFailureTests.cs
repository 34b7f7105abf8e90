using SftpJail.Executor.Files;
using SftpJail.Executor.Native;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Files;

public sealed class AtomicFileWriterFailureTests : IDisposable
{
    private readonly SmallTmpfs disk = new(kilobytes: 64);

    public void Dispose() => disk.Dispose();

    [Fact]
    public void A_failed_write_removes_its_temporary_file_and_keeps_the_old_content()
    {
        var target = disk.Path.Combine("config");
        File.WriteAllText(target.Value, "old content\n");
        var writer = new AtomicFileWriter(new HostFileSystem([disk.Path]));

        var error = Assert.Throws<PosixException>(() => writer.Write(target, new byte[1024 * 1024], 0x1a4));

        Assert.Equal(28, error.Errno); // ENOSPC
        Assert.Equal("old content\n", File.ReadAllText(target.Value));
        Assert.Equal(["config"], Directory.GetFileSystemEntries(disk.Path.Value).Select(Path.GetFileName));
    }
}
