using SftpJail.Executor.DiskUsage;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.DiskUsage;

public sealed class DiskUsageWalkTests : IDisposable
{
    private const int MiB = 1024 * 1024;

    private readonly TestDirectory root = new();
    private readonly HostFileSystem files;

    public DiskUsageWalkTests()
    {
        files = new HostFileSystem([root.Path]);
        root.CreateDirectory("html");
        root.CreateDirectory("outside");
    }

    public void Dispose() => root.Dispose();

    [Fact]
    public void Counts_the_blocks_written_files_take_in_every_subdirectory()
    {
        var empty = Measure();
        root.CreateDirectory("html/a/b");
        WriteData("html/one.bin", MiB);
        WriteData("html/a/b/two.bin", MiB);

        var usage = Measure();

        Assert.True(usage.Complete);
        Assert.InRange(usage.Bytes - empty.Bytes, 2 * MiB, 2 * MiB + 64 * 1024);
    }

    [Fact]
    public void A_hard_linked_file_counts_once_however_many_names_it_has()
    {
        WriteData("html/data.bin", MiB);
        root.CreateDirectory("html/sub");
        var once = Measure();

        HardLink(root["html/data.bin"].Value, root["html/copy.bin"].Value);
        HardLink(root["html/data.bin"].Value, root["html/sub/again.bin"].Value);

        Assert.Equal(once.Bytes, Measure().Bytes);
    }

    [Fact]
    public void Symbolic_links_are_not_followed_to_files_or_directories_outside()
    {
        WriteData("outside/big.bin", 4 * MiB);
        var before = Measure();

        File.CreateSymbolicLink(root["html/big.bin"].Value, root["outside/big.bin"].Value);
        Directory.CreateSymbolicLink(root["html/elsewhere"].Value, root["outside"].Value);
        File.CreateSymbolicLink(root["html/loop"].Value, root["html"].Value);

        var after = Measure();
        Assert.True(after.Complete);
        Assert.InRange(after.Bytes - before.Bytes, 0, 3 * 4096); // at most the links' own blocks
        Assert.Equal(3, after.Entries);
    }

    [Fact]
    public void A_sparse_file_counts_what_it_takes_on_disk_not_its_size()
    {
        var before = Measure();
        using (var sparse = File.Create(root["html/sparse.bin"].Value))
        {
            sparse.SetLength(512L * MiB);
        }

        Assert.InRange(Measure().Bytes - before.Bytes, 0, 64 * 1024);
    }

    [Fact]
    public void Stops_at_its_entry_limit_and_says_the_usage_is_a_lower_bound()
    {
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(root[$"html/f{i:00}"].Value, "x");
        }

        var usage = new DiskUsageWalk(files, entryLimit: 5).Measure(root["html"])!;

        Assert.False(usage.Complete);
        Assert.Equal(5, usage.Entries);
    }

    [Fact]
    public void A_missing_directory_measures_as_nothing_rather_than_failing()
    {
        Assert.Null(new DiskUsageWalk(files, 100).Measure(root["html/missing"]));
    }

    private MeasuredUsage Measure() => new DiskUsageWalk(files, entryLimit: 10_000).Measure(root["html"])!;

    private static void HardLink(string existing, string link)
    {
        using var ln = System.Diagnostics.Process.Start("/usr/bin/ln", ["--", existing, link]);
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);
    }

    private void WriteData(string relative, int bytes)
    {
        var data = new byte[bytes];
        Random.Shared.NextBytes(data);
        File.WriteAllBytes(root[relative].Value, data);
    }
}
