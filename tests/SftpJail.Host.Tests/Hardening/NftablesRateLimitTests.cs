using SftpJail.Executor.Hardening;

namespace SftpJail.Host.Tests.Hardening;

public sealed class NftablesRateLimitTests
{
    [Fact]
    public void The_snippet_limits_new_connections_per_source_address_on_the_ssh_port_for_both_families()
    {
        var text = NftablesRateLimit.Render(2222, perMinute: 6, burst: 3);

        Assert.StartsWith("# SftpJail: rate-limit new SSH connections", text);
        Assert.Contains("table inet sftpjail_ssh {", text);
        Assert.Contains("tcp dport 2222 ct state new add @ssh_v4 { ip saddr limit rate over 6/minute burst 3 packets } counter drop", text);
        Assert.Contains("tcp dport 2222 ct state new add @ssh_v6 { ip6 saddr limit rate over 6/minute burst 3 packets } counter drop", text);
        Assert.Equal(text.Count(c => c == '{'), text.Count(c => c == '}'));
    }

    [Theory]
    [InlineData(0, 10, 5)]
    [InlineData(70000, 10, 5)]
    [InlineData(22, 0, 5)]
    [InlineData(22, 10, 0)]
    public void Refuses_values_nft_would_misread(int port, int perMinute, int burst) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NftablesRateLimit.Render(port, perMinute, burst));
}
