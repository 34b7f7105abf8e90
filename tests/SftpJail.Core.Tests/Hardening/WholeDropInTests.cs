using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Hardening;

/// <summary>The real drop-in renderer with hardening, admins and an enrolment window: golden text, and the installed sshd's verdict.</summary>
public sealed class WholeDropInTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 5, 0, 0, TimeSpan.Zero);
    private SshdConfigCheck check = null!;

    public async Task InitializeAsync() => check = await SshdConfigCheck.CreateAsync();

    public async Task DisposeAsync() => await check.DisposeAsync();

    private static HostProfile Profile(string mode = "System", SshdVersion? version = null) =>
        new HostProfileOptions { Family = "Debian", SshdMode = mode }.ToProfile() with { SshdVersion = version ?? new SshdVersion(9, 2) };

    private static DesiredStateDto Dto(HardeningDto? hardening, EnrolmentDto? enrolment = null) => new(
        [new SiteDto("shop.example", true, [new JailUserDto("shop", false, false, false, []), new JailUserDto("deploy", false, true, false, [])])],
        [new AdminDto("alice", [OpenSshKeys.Ed25519]), new AdminDto("bob", [])],
        hardening,
        enrolment);

    [Fact]
    public void The_hardened_drop_in_puts_globals_first_then_trait_groups_enrolment_admins_and_the_jail_group()
    {
        var state = DesiredStateParser.Parse(Dto(HardeningDto.Recommended, new EnrolmentDto("bob", Now.AddMinutes(15))), Profile(), Now);

        var text = SshdDropInRenderer.Render(state, Profile(), Now);

        Assert.Equal(
            """
            # Managed by SftpJail. Do not edit: this file is rewritten on every apply.
            # Jailed SFTP accounts are the members of group sftpjail.

            # SSH hardening profile. Global values: they must come before every Match block.
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

            # Disabled users and the users of disabled sites: no login at all, by key or password.
            DenyGroups sftpjail-disabled

            # Read-only and key-only users: their blocks are in /etc/ssh/sshd_config.d/50-sftpjail.traits.
            Match Group sftpjail-ro,sftpjail-keyonly
                Include /etc/ssh/sshd_config.d/50-sftpjail.traits
                # Fail-closed: these lines take effect only where the traits file has not set the keyword first (missing or cut short).
                AuthenticationMethods publickey
                AuthorizedKeysFile none
                DisableForwarding yes
                ChrootDirectory %h
                ForceCommand internal-sftp -R -l INFO -u 0027 -d /html -Psymlink,hardlink
                AllowTcpForwarding no
                AllowAgentForwarding no
                AllowStreamLocalForwarding no
                PermitTunnel no
                X11Forwarding no
                PermitTTY no
                PermitUserRC no

            # Enrolment window for bob until 2026-11-22T05:15:00Z
            Match User bob
                PasswordAuthentication yes

            Match Group sudo
                AuthorizedKeysFile .ssh/authorized_keys /etc/sftpjail/authorized_keys/%u
                PasswordAuthentication no

            Match Group sftpjail
                PasswordAuthentication yes
                DisableForwarding yes
                ChrootDirectory %h
                ForceCommand internal-sftp -l INFO -u 0027 -d /html -Psymlink,hardlink
                AuthorizedKeysFile /etc/sftpjail/authorized_keys/%u
                AllowTcpForwarding no
                AllowAgentForwarding no
                AllowStreamLocalForwarding no
                PermitTunnel no
                X11Forwarding no
                PermitTTY no
                PermitUserRC no

            """,
            text);
    }

    [Fact]
    public void The_traits_file_holds_the_read_only_and_key_only_blocks_and_ends_with_the_block_that_lifts_the_refusal()
    {
        var state = DesiredStateParser.Parse(Dto(HardeningDto.Recommended, new EnrolmentDto("bob", Now.AddMinutes(15))), Profile(), Now);

        var text = SshdTraitsRenderer.Render(state, Profile());

        Assert.Equal(
            """
            # Managed by SftpJail. Do not edit: this file is rewritten on every apply.
            # Read-only and key-only jailed users. Included from /etc/ssh/sshd_config.d/50-sftpjail.conf, inside its Match block for these groups.

            # Read-only: no password keyword here, so a key-only member still gets the key-only block's.
            Match Group sftpjail-ro
                DisableForwarding yes
                ChrootDirectory %h
                ForceCommand internal-sftp -R -l INFO -u 0027 -d /html -Psymlink,hardlink
                AuthorizedKeysFile /etc/sftpjail/authorized_keys/%u
                AllowTcpForwarding no
                AllowAgentForwarding no
                AllowStreamLocalForwarding no
                PermitTunnel no
                X11Forwarding no
                PermitTTY no
                PermitUserRC no

            Match Group sftpjail-keyonly
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                DisableForwarding yes
                ChrootDirectory %h
                ForceCommand internal-sftp -l INFO -u 0027 -d /html -Psymlink,hardlink
                AuthorizedKeysFile /etc/sftpjail/authorized_keys/%u
                AllowTcpForwarding no
                AllowAgentForwarding no
                AllowStreamLocalForwarding no
                PermitTunnel no
                X11Forwarding no
                PermitTTY no
                PermitUserRC no

            # Last: without this block the drop-in's lines after its Include refuse every login.
            Match Group sftpjail-ro,sftpjail-keyonly
                AuthenticationMethods any

            """,
            text);
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("hardened")]
    public async Task The_whole_rendered_drop_in_passes_sshd_t_for_each_crypto_policy(string policy)
    {
        var installed = SshdVersion.Parse(SshdConfigCheck.InstalledVersionText());
        var profile = Profile(version: installed);
        var state = DesiredStateParser.Parse(Dto(HardeningDto.Recommended with { CryptoPolicy = policy }, new EnrolmentDto("bob", DateTimeOffset.UtcNow.AddMinutes(5))), profile);

        var (exitCode, output) = await check.TestAsync(SshdDropInRenderer.Render(state, profile));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Without_a_profile_admins_only_add_their_key_file_and_nothing_global()
    {
        var state = DesiredStateParser.Parse(Dto(null), Profile(), Now);

        var text = SshdDropInRenderer.Render(state, Profile(), Now);

        Assert.Contains("Match Group sudo\n    AuthorizedKeysFile .ssh/authorized_keys /etc/sftpjail/authorized_keys/%u\n\n", text);
        Assert.DoesNotContain("PasswordAuthentication no\n\nMatch Group sftpjail", text);
        Assert.DoesNotContain("AllowGroups", text);
        Assert.DoesNotContain("PermitRootLogin", text);
    }

    [Fact]
    public void A_dedicated_sshd_never_admits_the_admin_group_nor_renders_admin_or_enrolment_blocks()
    {
        var profile = Profile("Dedicated");

        foreach (var hardening in new[] { null, HardeningDto.Recommended })
        {
            var text = SshdDropInRenderer.Render(DesiredStateParser.Parse(Dto(hardening, new EnrolmentDto("bob", Now.AddMinutes(15))), profile, Now), profile, Now);

            Assert.DoesNotContain("sudo", text);
            Assert.DoesNotContain("Match User", text);
            Assert.DoesNotContain(".ssh/authorized_keys", text);
            Assert.Equal(hardening is null ? 0 : 1, text.Split('\n').Count(l => l == "AllowGroups sftpjail"));
            Assert.DoesNotContain(text.Split('\n'), l => l.StartsWith("AllowGroups", StringComparison.Ordinal) && l != "AllowGroups sftpjail");
            Assert.EndsWith("Match all\n" + (hardening is null ? string.Empty : "    PasswordAuthentication yes\n    DisableForwarding yes\n") + "    ChrootDirectory %h\n    ForceCommand internal-sftp -l INFO -u 0027 -d /html -Psymlink,hardlink\n" +
                "    AuthorizedKeysFile /etc/sftpjail/authorized_keys/%u\n    AllowTcpForwarding no\n    AllowAgentForwarding no\n" +
                "    AllowStreamLocalForwarding no\n    PermitTunnel no\n    X11Forwarding no\n    PermitTTY no\n    PermitUserRC no\n", text);
        }
    }

    [Fact]
    public void Rendering_a_profile_without_a_known_sshd_version_is_refused()
    {
        var profile = Profile() with { SshdVersion = null };

        Assert.Throws<InputRejectedException>(() => SshdDropInRenderer.Render(DesiredStateParser.Parse(Dto(HardeningDto.Recommended), profile, Now), profile, Now));
    }

    [Theory]
    [InlineData("shop", "already a jailed user")]
    [InlineData("sitejail", "group SftpJail uses")]
    [InlineData("ops", "group SftpJail uses")]
    [InlineData("sudo", "reserved")]
    public void An_admin_cannot_take_a_jailed_user_or_group_name(string name, string message)
    {
        var profile = new HostProfileOptions { Family = "Debian", JailGroup = "sitejail", AdminGroup = "ops" }.ToProfile();
        var dto = Dto(null) with { Admins = [new AdminDto(name, [])] };

        Assert.Contains(message, Assert.Throws<InputRejectedException>(() => DesiredStateParser.Parse(dto, profile, Now)).Message);
    }

    [Fact]
    public void An_enrolment_window_needs_an_admin_and_at_most_an_hour()
    {
        Assert.Throws<InputRejectedException>(() => DesiredStateParser.Parse(Dto(null, new EnrolmentDto("carol", Now.AddMinutes(5))), Profile(), Now));
        Assert.Throws<InputRejectedException>(() => DesiredStateParser.Parse(Dto(null, new EnrolmentDto("bob", Now.AddMinutes(61))), Profile(), Now));
        Assert.NotNull(DesiredStateParser.Parse(Dto(null, new EnrolmentDto("bob", Now.AddMinutes(60))), Profile(), Now).Enrolment);
    }

    [Fact]
    public void Unset_host_access_parts_come_from_the_last_applied_state_and_a_stale_window_is_dropped()
    {
        var previous = Dto(HardeningDto.Recommended, new EnrolmentDto("bob", Now.AddMinutes(5)));
        var sitesOnly = new DesiredStateDto(previous.Sites);

        var merged = sitesOnly.WithUnsetHostAccessFrom(previous);
        var withoutBob = (sitesOnly with { Admins = [new AdminDto("alice", [])] }).WithUnsetHostAccessFrom(previous);
        var explicitOff = (sitesOnly with { Hardening = HardeningDto.Off }).WithUnsetHostAccessFrom(previous);

        Assert.Equal((previous.Admins, previous.Hardening, previous.Enrolment), (merged.Admins, merged.Hardening, merged.Enrolment));
        Assert.Null(withoutBob.Enrolment);
        Assert.Null(DesiredStateParser.Parse(explicitOff, Profile(), Now).Hardening);
        Assert.Same(sitesOnly, sitesOnly.WithUnsetHostAccessFrom(null));
    }

    [Fact]
    public void A_host_cipher_list_yields_to_the_hardened_policy_and_applies_otherwise()
    {
        var profile = new HostProfileOptions { Family = "Debian", Ciphers = ["aes256-ctr"] }.ToProfile() with { SshdVersion = new SshdVersion(9, 2) };

        var hardened = SshdDropInRenderer.Render(DesiredStateParser.Parse(Dto(HardeningDto.Recommended with { CryptoPolicy = "hardened" }), profile, Now), profile, Now);
        var defaults = SshdDropInRenderer.Render(DesiredStateParser.Parse(Dto(HardeningDto.Recommended), profile, Now), profile, Now);

        Assert.Single(hardened.Split('\n'), l => l.StartsWith("Ciphers ", StringComparison.Ordinal));
        Assert.DoesNotContain("Ciphers aes256-ctr\n", hardened);
        Assert.Contains("Ciphers aes256-ctr\n", defaults);
    }
}
