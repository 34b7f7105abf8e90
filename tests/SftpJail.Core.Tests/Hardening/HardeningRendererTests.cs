using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Hardening;

public sealed class HardeningRendererTests
{
    private static readonly HardeningContext Debian92 = new(
        LinuxGroupName.Parse("sudo"), LinuxGroupName.Parse("sftpjail"), AbsolutePath.Parse("/etc/sftpjail/authorized_keys"), new SshdVersion(9, 2));

    [Fact]
    public void The_recommended_profile_with_openssh_defaults_renders_the_golden_global_lines()
    {
        var lines = HardeningRenderer.Global(SshHardening.Recommended, Debian92);

        Assert.Equal(
            """
            PermitRootLogin no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitEmptyPasswords no
            MaxAuthTries 3
            LoginGraceTime 30
            ClientAliveInterval 300
            ClientAliveCountMax 2
            MaxStartups 10:30:60
            AllowGroups sudo sftpjail
            """,
            string.Join('\n', lines));
    }

    [Fact]
    public void The_hardened_crypto_policy_adds_the_four_algorithm_lists_and_the_rsa_floor()
    {
        var lines = HardeningRenderer.Global(SshHardening.Recommended with { Crypto = CryptoPolicy.HardenedOpenSsh9 }, Debian92);

        Assert.Equal(
            """
            KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256
            Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-gcm@openssh.com,aes128-ctr
            MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com
            HostKeyAlgorithms sk-ssh-ed25519-cert-v01@openssh.com,ssh-ed25519-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,sk-ssh-ed25519@openssh.com,ssh-ed25519,rsa-sha2-512,rsa-sha2-256
            RequiredRSASize 3072
            """,
            string.Join('\n', lines.SkipWhile(l => !l.StartsWith("KexAlgorithms", StringComparison.Ordinal))));
        Assert.DoesNotContain(lines, l => l.Contains("cbc", StringComparison.Ordinal) || l.Contains("sha1", StringComparison.Ordinal) || l.Contains("nistp", StringComparison.Ordinal));
    }

    [Fact]
    public void Keeping_password_and_root_login_leaves_those_keywords_out_and_the_jail_block_unchanged_for_passwords()
    {
        var relaxed = SshHardening.Recommended with { DenyPasswordLogin = false, DenyRootLogin = false };

        var lines = HardeningRenderer.Global(relaxed, Debian92);

        Assert.DoesNotContain(lines, l => l.StartsWith("PermitRootLogin", StringComparison.Ordinal) || l.StartsWith("PasswordAuthentication", StringComparison.Ordinal));
        Assert.False(relaxed.RemovesALoginPath);
        Assert.Equal(["DisableForwarding yes"], HardeningRenderer.JailGroupSettings(relaxed));
        Assert.Equal(["PasswordAuthentication yes", "DisableForwarding yes"], HardeningRenderer.JailGroupSettings(SshHardening.Recommended));
    }

    [Fact]
    public void The_admin_block_reads_home_keys_and_the_managed_file_and_is_key_only_under_the_profile()
    {
        Assert.Equal(
            """
            Match Group sudo
                AuthorizedKeysFile .ssh/authorized_keys /etc/sftpjail/authorized_keys/%u
                PasswordAuthentication no

            """,
            HardeningRenderer.AdminBlock(SshHardening.Recommended, Debian92));
        Assert.DoesNotContain("PasswordAuthentication", HardeningRenderer.AdminBlock(null, Debian92));
    }

    [Fact]
    public void An_enrolment_block_exists_only_while_its_window_is_open()
    {
        var now = new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero);
        var window = EnrolmentWindow.Open(LinuxUserName.Parse("newadmin"), TimeSpan.FromMinutes(15), now);

        Assert.Equal(
            """
            # Enrolment window for newadmin until 2026-11-22T05:15:00Z
            Match User newadmin
                PasswordAuthentication yes

            """,
            HardeningRenderer.EnrolmentBlock(window, now.AddMinutes(14)));
        Assert.Equal(string.Empty, HardeningRenderer.EnrolmentBlock(window, now.AddMinutes(15)));
        Assert.Equal(string.Empty, HardeningRenderer.EnrolmentBlock(null, now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    [InlineData(-5)]
    public void An_enrolment_window_must_last_between_a_moment_and_an_hour(int minutes) =>
        Assert.Throws<InputRejectedException>(() => EnrolmentWindow.Open(LinuxUserName.Parse("newadmin"), TimeSpan.FromMinutes(minutes), DateTimeOffset.UtcNow));

    [Theory]
    [InlineData(0, 30, 300, 2)]
    [InlineData(11, 30, 300, 2)]
    [InlineData(3, 9, 300, 2)]
    [InlineData(3, 601, 300, 2)]
    [InlineData(3, 30, -1, 2)]
    [InlineData(3, 30, 300, 11)]
    public void Out_of_range_numbers_are_refused(int tries, int grace, int alive, int count) =>
        Assert.Throws<InputRejectedException>(() => SshHardening.Create(true, true, tries, grace, alive, count, "10:30:60", "defaults"));

    [Fact]
    public void In_range_numbers_are_kept()
    {
        var profile = SshHardening.Create(false, true, 4, 45, 120, 3, "5:40:20", "hardened");

        Assert.Equal(
            (false, true, 4, 45, 120, 3, "5:40:20", CryptoPolicy.HardenedOpenSsh9),
            (profile.DenyRootLogin, profile.DenyPasswordLogin, profile.MaxAuthTries, (int)profile.LoginGraceTime.TotalSeconds,
                (int)profile.ClientAliveInterval.TotalSeconds, profile.ClientAliveCountMax, profile.MaxStartups.ToString(), profile.Crypto));
    }

    [Theory]
    [InlineData("defaults", CryptoPolicy.OpenSshDefaults)]
    [InlineData("Hardened", CryptoPolicy.HardenedOpenSsh9)]
    [InlineData("HardenedOpenSsh9", CryptoPolicy.HardenedOpenSsh9)]
    [InlineData(null, CryptoPolicy.OpenSshDefaults)]
    public void Crypto_policy_names_parse(string? text, CryptoPolicy expected) => Assert.Equal(expected, SshHardening.ParseCrypto(text));

    [Theory]
    [InlineData("1")]
    [InlineData("fips")]
    [InlineData("hardened\nCiphers 3des-cbc")]
    public void Unknown_crypto_policies_are_refused(string text) => Assert.Throws<InputRejectedException>(() => SshHardening.ParseCrypto(text));
}
