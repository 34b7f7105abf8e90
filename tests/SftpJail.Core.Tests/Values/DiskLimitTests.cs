using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

public sealed class DiskLimitTests
{
    [Theory]
    [InlineData("100", 100)]
    [InlineData("100M", 100)]
    [InlineData(" 512mib ", 512)]
    [InlineData("2G", 2048)]
    [InlineData("2GiB", 2048)]
    [InlineData("1T", 1024 * 1024)]
    public void Reads_whole_numbers_in_binary_units(string text, long mebibytes)
    {
        Assert.Equal(mebibytes, DiskLimit.Parse(text).Mebibytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1.5G")]
    [InlineData("-5M")]
    [InlineData("5K")]
    [InlineData("17T")]
    [InlineData("999999999999")]
    [InlineData("10 M")]
    [InlineData("１０M")]
    public void Refuses_what_is_not_a_whole_size_between_1_MiB_and_16_TiB(string text)
    {
        Assert.False(DiskLimit.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void The_desired_state_parser_refuses_a_limit_out_of_range_from_the_wire()
    {
        var dto = new DesiredStateDto([new SiteDto("a.example", true, [], DiskLimitMiB: 0)]);

        var error = Assert.Throws<InputRejectedException>(() => DesiredStateParser.Parse(dto, new HostProfileOptions { Family = "Debian" }.ToProfile()));

        Assert.Equal("disk limit of a.example", error.Field);
    }

    [Theory]
    [InlineData(1023, "1023 B")]
    [InlineData(2_202_009, "2.1 MiB")]
    [InlineData(1024L * 1024 * 1024, "1 GiB")]
    public void Formats_bytes_in_binary_units(long bytes, string text)
    {
        Assert.Equal(text, DiskLimit.Format(bytes));
    }
}
