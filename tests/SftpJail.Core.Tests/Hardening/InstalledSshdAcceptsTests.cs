using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Hardening;

/// <summary>
/// Every rendered keyword and algorithm goes through the real, installed sshd. The context uses groups that exist
/// on any Debian host (root as the "admin" group, nogroup — the group of user nobody — as the "jail") so
/// <c>sshd -T -C</c> can evaluate the Match blocks without creating accounts.
/// </summary>
public sealed class InstalledSshdAcceptsTests : IAsyncLifetime
{
    private static readonly SshdVersion Installed = SshdVersion.Parse(SshdConfigCheck.InstalledVersionText());

    private static readonly HardeningContext Context = new(
        LinuxGroupName.Parse("root"), LinuxGroupName.Parse("nogroup"), AbsolutePath.Parse("/etc/sftpjail/authorized_keys"), Installed);

    private SshdConfigCheck check = null!;

    public async Task InitializeAsync() => check = await SshdConfigCheck.CreateAsync();

    public async Task DisposeAsync() => await check.DisposeAsync();

    [Theory]
    [InlineData(CryptoPolicy.OpenSshDefaults)]
    [InlineData(CryptoPolicy.HardenedOpenSsh9)]
    public async Task Each_crypto_policy_passes_sshd_t(CryptoPolicy policy)
    {
        var dropIn = HardenedDropInTestBuilder.Compose(SshHardening.Recommended with { Crypto = policy }, Context);

        var (exitCode, output) = await check.TestAsync(dropIn);

        Assert.True(exitCode == 0, $"sshd -t refused the {policy} drop-in: {output}\n{dropIn}");
    }

    [Fact]
    public async Task Every_policy_lists_only_algorithms_the_installed_sshd_offers()
    {
        var hardened = CryptoAlgorithms.For(CryptoPolicy.HardenedOpenSsh9, Installed);
        await check.TestAsync(HardenedDropInTestBuilder.Compose(SshHardening.Recommended with { Crypto = CryptoPolicy.HardenedOpenSsh9 }, Context));

        var effective = await check.EffectiveAsync("nobody");

        Assert.Equal(string.Join(',', hardened.KexAlgorithms.Select(t => t.Value)), effective["kexalgorithms"]);
        Assert.Equal(string.Join(',', hardened.Ciphers.Select(t => t.Value)), effective["ciphers"]);
        Assert.Equal(string.Join(',', hardened.Macs.Select(t => t.Value)), effective["macs"]);
        Assert.Equal(string.Join(',', hardened.HostKeyAlgorithms.Select(t => t.Value)), effective["hostkeyalgorithms"]);
    }

    [Fact]
    public async Task A_profile_rendered_for_a_newer_release_is_refused_by_an_older_sshd()
    {
        var newer = Context with { Version = new SshdVersion(9, 8) };

        var (exitCode, output) = await check.TestAsync(HardenedDropInTestBuilder.Compose(SshHardening.Recommended, newer));

        if (Installed.AtLeast(SshdVersion.PerSourcePenalties))
        {
            Assert.True(exitCode == 0, output);
        }
        else
        {
            // Proves the version gate matters: the keyword the 9.8 rendering adds breaks this sshd's config check.
            Assert.NotEqual(0, exitCode);
            Assert.Contains("PerSourcePenalties", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Globals_win_over_the_distribution_lines_and_match_blocks_win_over_globals()
    {
        var window = new EnrolmentWindow(LinuxUserName.Parse("sjtenrolling"), DateTimeOffset.UtcNow.AddMinutes(5));
        var (exitCode, output) = await check.TestAsync(HardenedDropInTestBuilder.Compose(SshHardening.Recommended, Context, window));
        Assert.True(exitCode == 0, output);

        var admin = await check.EffectiveAsync("root");
        var jailed = await check.EffectiveAsync("nobody");
        var enrolling = await check.EffectiveAsync("sjtenrolling");

        Assert.Equal(("no", "no", "no"), (admin["permitrootlogin"], admin["passwordauthentication"], admin["kbdinteractiveauthentication"]));
        Assert.Equal(".ssh/authorized_keys /etc/sftpjail/authorized_keys/%u", admin["authorizedkeysfile"]);
        Assert.Equal(("yes", "yes", "%h"), (jailed["passwordauthentication"], jailed["disableforwarding"], jailed["chrootdirectory"]));
        Assert.Equal("no", admin["disableforwarding"]);
        Assert.Equal("yes", enrolling["passwordauthentication"]);
        Assert.Equal(("3", "30", "10:30:60", "root nogroup"), (admin["maxauthtries"], admin["logingracetime"], admin["maxstartups"], admin["allowgroups"]));
    }

    [Fact]
    public async Task A_closed_enrolment_window_leaves_the_user_without_password_login()
    {
        var closed = new EnrolmentWindow(LinuxUserName.Parse("sjtenrolling"), DateTimeOffset.UtcNow.AddSeconds(-1));
        var open = closed with { ExpiresAtUtc = DateTimeOffset.UtcNow.AddMinutes(5) };

        await check.TestAsync(HardenedDropInTestBuilder.Compose(SshHardening.Recommended, Context, closed));
        var whenClosed = await check.EffectiveAsync("sjtenrolling");
        await check.TestAsync(HardenedDropInTestBuilder.Compose(SshHardening.Recommended, Context, open));
        var whenOpen = await check.EffectiveAsync("sjtenrolling");

        Assert.Equal("no", whenClosed["passwordauthentication"]);
        Assert.Equal("yes", whenOpen["passwordauthentication"]);
    }
}
