using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Hardening;

public sealed class VersionAndLimitTests
{
    private static HardeningContext On(int major, int minor) => new(
        LinuxGroupName.Parse("wheel"), LinuxGroupName.Parse("sftpjail"), AbsolutePath.Parse("/etc/sftpjail/authorized_keys"), new SshdVersion(major, minor));

    [Theory]
    [InlineData("OpenSSH_9.2, OpenSSL 3.0.19 27 Jan 2026", 9, 2)]
    [InlineData("OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024", 9, 2)]
    [InlineData("OpenSSH_8.7p1, OpenSSL 3.0.7 1 Nov 2022", 8, 7)]
    [InlineData("unknown option -- V\nOpenSSH_10.0p2 Ubuntu-5", 10, 0)]
    public void Reads_the_release_from_sshd_dash_V(string text, int major, int minor) =>
        Assert.Equal(new SshdVersion(major, minor), SshdVersion.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("Dropbear sshd v2022.83")]
    [InlineData(null)]
    public void Refuses_text_that_names_no_openssh_release(string? text) => Assert.Throws<InputRejectedException>(() => SshdVersion.Parse(text));

    [Fact]
    public void Per_source_penalties_appear_from_9_8_only()
    {
        Assert.DoesNotContain(HardeningRenderer.Global(SshHardening.Recommended, On(9, 7)), l => l.StartsWith("PerSourcePenalties", StringComparison.Ordinal));
        Assert.Contains("PerSourcePenalties yes", HardeningRenderer.Global(SshHardening.Recommended, On(9, 8)));
        Assert.Contains("PerSourcePenalties yes", HardeningRenderer.Global(SshHardening.Recommended, On(10, 0)));
    }

    [Fact]
    public void Older_releases_get_the_keywords_they_know()
    {
        var old = HardeningRenderer.Global(SshHardening.Recommended with { Crypto = CryptoPolicy.HardenedOpenSsh9 }, On(8, 4));

        Assert.Contains("ChallengeResponseAuthentication no", old);
        Assert.DoesNotContain(old, l => l.StartsWith("KbdInteractiveAuthentication", StringComparison.Ordinal) || l.StartsWith("RequiredRSASize", StringComparison.Ordinal));
        Assert.DoesNotContain(old, l => l.Contains("sntrup761", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("10:30:60", "10:30:60")]
    [InlineData("3:50:10", "3:50:10")]
    [InlineData("1:100:2", "1:100:2")]
    public void MaxStartups_accepts_start_rate_full(string text, string rendered) => Assert.Equal(rendered, MaxStartups.Parse(text).ToString());

    [Theory]
    [InlineData("10")]
    [InlineData("10:30")]
    [InlineData("0:30:60")]
    [InlineData("10:0:60")]
    [InlineData("10:101:60")]
    [InlineData("60:30:10")]
    [InlineData("10:30:10")]
    [InlineData("10:30:60\nPermitRootLogin yes")]
    [InlineData(" 10:30:60")]
    [InlineData("-1:30:60")]
    public void MaxStartups_refuses_other_shapes(string text) => Assert.Throws<InputRejectedException>(() => MaxStartups.Parse(text));
}
