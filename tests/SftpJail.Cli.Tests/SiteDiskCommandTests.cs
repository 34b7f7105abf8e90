using SftpJail.Core.Contract;

namespace SftpJail.Cli.Tests;

public sealed class SiteDiskCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Site_limit_stores_the_limit_and_sends_it_to_the_executor_in_MiB()
    {
        await cli.RunAsync("site add site1.com");

        var (exit, output, error) = await cli.RunAsync("site limit site1.com 2G");

        Assert.Equal((0, string.Empty), (exit, error));
        Assert.StartsWith("set the disk limit of site1.com to 2 GiB\n", output, StringComparison.Ordinal);
        Assert.Equal(2048, cli.Executor.Applies[^1].State.Sites.Single().DiskLimitMiB);
        Assert.Equal(0, (await cli.RunAsync("site limit site1.com none")).Exit);
        Assert.Null(cli.Executor.Applies[^1].State.Sites.Single().DiskLimitMiB);
    }

    [Fact]
    public async Task Site_limit_refuses_a_size_it_cannot_read_before_anything_is_sent()
    {
        await cli.RunAsync("site add site1.com");

        var (exit, _, error) = await cli.RunAsync("site limit site1.com 12parsecs");

        Assert.Equal(2, exit);
        Assert.Contains("whole number with an optional unit M, G or T", error, StringComparison.Ordinal);
        Assert.Single(cli.Executor.Applies);
    }

    [Fact]
    public async Task Site_list_and_show_print_usage_against_the_limit_and_who_enforces_it()
    {
        await cli.RunAsync("site add site1.com");
        await cli.RunAsync("site add free.example");
        await cli.RunAsync("site limit site1.com 1M");
        cli.Executor.DiskUsage.Add(new SiteDiskUsage("site1.com", 2 * 1024 * 1024 + 1024 * 100, 1024 * 1024, true, true, DateTimeOffset.UtcNow));

        var list = (await cli.RunAsync("site list")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var show = (await cli.RunAsync("site show site1.com")).Out;

        Assert.EndsWith("DISK", list[0].TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith(" -", list[1].TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith(" 2.1 MiB / 1 MiB (over: read-only)", list[2].TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("disk:     2.1 MiB / 1 MiB (over: read-only) (executor-enforced)\n", show, StringComparison.Ordinal);
    }
}
