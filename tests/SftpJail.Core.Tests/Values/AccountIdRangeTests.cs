using SftpJail.Core.Model;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

public sealed class AccountIdRangeTests
{
    [Fact]
    public void Host_options_without_a_range_keep_login_defs_range() =>
        Assert.Null(new HostProfileOptions().ToProfile().AccountIds);

    [Fact]
    public void Host_options_with_both_bounds_give_that_range()
    {
        var range = new HostProfileOptions { AccountIdMin = 700_000_000, AccountIdMax = 700_999_999 }.ToProfile().AccountIds!;

        Assert.Equal((700_000_000u, 700_999_999u, 1_000_000L), (range.Min, range.Max, range.Count));
    }

    [Theory]
    [InlineData(700_000_000L, null)]
    [InlineData(null, 700_000_000L)]
    [InlineData(999L, 5_000L)]
    [InlineData(0L, 5_000L)]
    [InlineData(-1L, 5_000L)]
    [InlineData(5_000L, 4_999L)]
    [InlineData(1_000L, 4_294_967_295L)]
    [InlineData(1_000L, 2_147_483_647L)]
    public void Rejects_a_range_with_one_bound_a_system_id_a_reversed_order_or_an_id_past_the_signed_32_bit_range(long? min, long? max)
    {
        var rejected = Assert.Throws<InputRejectedException>(() => new HostProfileOptions { AccountIdMin = min, AccountIdMax = max }.ToProfile());

        Assert.Equal("Host:AccountIdMin", rejected.Field);
    }
}
