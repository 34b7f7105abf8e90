using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Planning;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Sshd;

/// <summary>The drop-in holds a fixed set of blocks whatever the number of customers; user traits are group memberships.</summary>
public sealed class ConstantSizeDropInTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 5, 0, 0, TimeSpan.Zero);

    private static HostProfile Profile(string mode = "System") =>
        new HostProfileOptions { Family = "Debian", SshdMode = mode }.ToProfile() with { SshdVersion = new SshdVersion(9, 2) };

    /// <summary>Every combination of traits, on enabled and disabled sites, repeated to reach the wanted number of customers.</summary>
    private static DesiredStateDto Customers(int count, HardeningDto? hardening = null) => new(
        Enumerable.Range(0, count)
            .Select(i => new SiteDto($"site{i}.example", Enabled: i % 16 < 8,
                [new JailUserDto($"user{i}", ReadOnly: (i & 1) != 0, KeyOnly: (i & 2) != 0, Disabled: (i & 4) != 0, [])]))
            .ToList(),
        [new AdminDto("alice", [])],
        hardening,
        new EnrolmentDto("alice", Now.AddMinutes(5)));

    [Theory]
    [InlineData("System", false)]
    [InlineData("System", true)]
    [InlineData("Dedicated", true)]
    public void The_drop_in_and_the_traits_file_are_byte_identical_for_100_and_100000_customers(string mode, bool hardened)
    {
        var profile = Profile(mode);
        var hardening = hardened ? HardeningDto.Recommended : null;
        var smallState = DesiredStateParser.Parse(Customers(100, hardening), profile, Now);
        var largeState = DesiredStateParser.Parse(Customers(100_000, hardening), profile, Now);

        var small = SshdDropInRenderer.Render(smallState, profile, Now);
        var large = SshdDropInRenderer.Render(largeState, profile, Now);
        var smallTraits = SshdTraitsRenderer.Render(smallState, profile);
        var largeTraits = SshdTraitsRenderer.Render(largeState, profile);

        Assert.Equal(small, large);
        Assert.Equal(smallTraits, largeTraits);
        foreach (var text in new[] { small, smallTraits })
        {
            Assert.DoesNotContain("user1", text);
            Assert.DoesNotContain("site1", text);
            Assert.True(text.Length < 4096, $"{text.Length} bytes");
        }
    }

    [Theory]
    [InlineData("System")]
    [InlineData("Dedicated")]
    public void The_traits_file_is_planned_before_the_drop_in_that_includes_it_and_is_no_conf_file(string mode)
    {
        var profile = Profile(mode);
        var target = TargetBuilder.Build(DesiredStateParser.Parse(Customers(8), profile, Now), profile, now: Now);
        var sshdFiles = target.Files.Where(f => f.Role == FileRole.SshdConfig).Select(f => f.Path).ToList();

        Assert.Equal(profile.SshdDropInPath.Parent, profile.SshdTraitsPath.Parent);
        Assert.Equal("50-sftpjail.traits", profile.SshdTraitsPath.Name);
        Assert.True(sshdFiles.IndexOf(profile.SshdTraitsPath) < sshdFiles.IndexOf(profile.SshdDropInPath), string.Join(", ", sshdFiles));
        Assert.Contains($"\n    Include {profile.SshdTraitsPath.Value}\n", SshdDropInRenderer.Render(DesiredStateParser.Parse(Customers(8), profile, Now), profile, Now));
    }

    [Theory]
    [InlineData("/etc/ssh/sshd_config.d/50-sftpjail-traits.conf", ".conf")]
    [InlineData("/etc/ssh/50-sftpjail.traits", "directory")]
    [InlineData("/etc/ssh/sshd_config.d/50-sftpjail.tr*", "'*'")]
    [InlineData("/etc/ssh/sshd_config.d/50-sftpjail.conf", ".conf")]
    public void A_traits_path_sshd_would_load_globally_glob_or_find_elsewhere_is_refused(string path, string reason)
    {
        var refusal = Assert.Throws<InputRejectedException>(() => new HostProfileOptions { SshdTraitsPath = path }.ToProfile());

        Assert.Equal("Host:SshdTraitsPath", refusal.Field);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
        Assert.Equal("/srv/x/50-sftpjail.traits", new HostProfileOptions { SshdDropInPath = "/srv/x/50-sftpjail.conf" }.ToProfile().SshdTraitsPath.Value);
    }

    [Fact]
    public void The_system_drop_in_has_one_trait_block_enrolment_admins_and_the_jail_group()
    {
        var profile = Profile();

        var text = SshdDropInRenderer.Render(DesiredStateParser.Parse(Customers(40), profile, Now), profile, Now);

        Assert.Equal(
            ["DenyGroups sftpjail-disabled", "Match Group sftpjail-ro,sftpjail-keyonly", "Match User alice", "Match Group sudo", "Match Group sftpjail"],
            text.Split('\n').Where(l => l.StartsWith("Match ", StringComparison.Ordinal) || l.StartsWith("DenyGroups", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_dedicated_drop_in_looks_up_groups_only_for_the_trait_block_and_jails_everyone_it_admits()
    {
        var profile = Profile("Dedicated");

        foreach (var hardening in new[] { null, HardeningDto.Recommended })
        {
            var text = SshdDropInRenderer.Render(DesiredStateParser.Parse(Customers(40, hardening), profile, Now), profile, Now);
            var main = DedicatedSshdConfigRenderer.Render(profile, DedicatedSshdPaths.For(profile));

            // sshd does a getpwnam and a getgrouplist (all of /etc/group) for every Match Group line, on every login.
            Assert.Equal(
                ["DenyGroups sftpjail-disabled", "Match Group sftpjail-ro,sftpjail-keyonly", "Match all"],
                text.Split('\n').Where(l => l.StartsWith("Match ", StringComparison.Ordinal) || l.StartsWith("DenyGroups", StringComparison.Ordinal)));
            Assert.Single(main.Split('\n'), l => l.StartsWith("AllowGroups ", StringComparison.Ordinal));
            Assert.Contains("\nAllowGroups sftpjail\n", main);
        }
    }

    [Fact]
    public void Only_the_read_only_block_runs_internal_sftp_with_R_and_every_jail_refuses_links()
    {
        foreach (var mode in new[] { "System", "Dedicated" })
        {
            var profile = Profile(mode);
            var state = DesiredStateParser.Parse(Customers(8, HardeningDto.Recommended), profile, Now);
            var text = SshdDropInRenderer.Render(state, profile, Now) + "\n" + SshdTraitsRenderer.Render(state, profile);
            var blocks = text.Split("\n\n").Where(b => b.Contains("ForceCommand", StringComparison.Ordinal) && !b.Contains("    Include ", StringComparison.Ordinal)).ToList();

            Assert.Equal(3, blocks.Count);
            Assert.All(blocks, b => Assert.Matches(@"\n    ForceCommand internal-sftp( -R)? -l INFO -u 0027 -d /html -Psymlink,hardlink\n", b));
            Assert.Single(blocks, b => b.Contains("internal-sftp -R ", StringComparison.Ordinal));
            Assert.Contains("Match Group sftpjail-ro\n", blocks.Single(b => b.Contains("internal-sftp -R ", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Every_force_command_fits_in_the_nine_words_sshd_passes_to_internal_sftp()
    {
        var profile = Profile();

        foreach (var readOnly in new[] { false, true })
        {
            Assert.True(SshdDropInRenderer.ForceCommand(profile, readOnly).Split(' ').Length <= SshdDropInRenderer.InternalSftpMaxWords);
        }

        Assert.Equal(9, SshdDropInRenderer.ForceCommand(profile, readOnly: true).Split(' ').Length);
    }

    [Fact]
    public void The_read_only_block_never_sets_a_password_keyword_so_key_only_wins_for_a_user_in_both()
    {
        var profile = Profile();
        var state = DesiredStateParser.Parse(Customers(8, HardeningDto.Recommended), profile, Now);
        var text = SshdDropInRenderer.Render(state, profile, Now);
        var traits = SshdTraitsRenderer.Render(state, profile);
        var readOnly = traits[traits.IndexOf("Match Group sftpjail-ro\n", StringComparison.Ordinal)..traits.IndexOf("Match Group sftpjail-keyonly\n", StringComparison.Ordinal)];

        Assert.DoesNotContain("PasswordAuthentication", readOnly);
        Assert.DoesNotContain("KbdInteractiveAuthentication", readOnly);
        Assert.Contains("Match Group sftpjail-keyonly\n    PasswordAuthentication no\n    KbdInteractiveAuthentication no\n", traits);
        Assert.True(text.IndexOf("    Include ", StringComparison.Ordinal) < text.IndexOf("Match Group sftpjail\n", StringComparison.Ordinal));

        // The only "any" (sshd refuses a second), in the last block, so a file cut short leaves the refusal in force.
        Assert.Single(traits.Split('\n'), l => l.Contains("AuthenticationMethods", StringComparison.Ordinal));
        Assert.EndsWith("Match Group sftpjail-ro,sftpjail-keyonly\n    AuthenticationMethods any\n", traits);
        Assert.DoesNotContain("AuthenticationMethods any", text);
    }

    [Theory]
    [InlineData(false, false, false, true, "sftpjail,sftpjail-a_example")]
    [InlineData(true, false, false, true, "sftpjail,sftpjail-a_example,sftpjail-ro")]
    [InlineData(false, true, false, true, "sftpjail,sftpjail-a_example,sftpjail-keyonly")]
    [InlineData(true, true, false, true, "sftpjail,sftpjail-a_example,sftpjail-ro,sftpjail-keyonly")]
    [InlineData(false, false, true, true, "sftpjail,sftpjail-a_example,sftpjail-disabled")]
    [InlineData(false, false, false, false, "sftpjail,sftpjail-a_example,sftpjail-disabled")]
    [InlineData(true, true, true, false, "sftpjail,sftpjail-a_example,sftpjail-disabled,sftpjail-ro,sftpjail-keyonly")]
    public void Each_user_joins_the_groups_of_its_traits_and_a_disabled_one_also_expires(bool readOnly, bool keyOnly, bool disabled, bool siteEnabled, string groups)
    {
        var profile = Profile();
        var dto = new DesiredStateDto([new SiteDto("a.example", siteEnabled, [new JailUserDto("alpha", readOnly, keyOnly, disabled, [])])]);

        var target = TargetBuilder.Build(DesiredStateParser.Parse(dto, profile, Now), profile, now: Now);

        var user = Assert.Single(target.Users);
        Assert.Equal(groups, string.Join(',', user.Groups.Select(g => g.Value)));
        Assert.Equal(disabled || !siteEnabled, user.Expired);
        Assert.Equal(["sftpjail", "sftpjail-disabled", "sftpjail-ro", "sftpjail-keyonly"], target.Groups.Select(g => g.Value));
    }

    [Fact]
    public void The_trait_group_names_follow_the_jail_group_unless_configured()
    {
        var derived = new HostProfileOptions { JailGroup = "sitejail" }.ToProfile();
        var configured = new HostProfileOptions { DisabledGroup = "nologin-sftp", ReadOnlyGroup = "sftp-readers", KeyOnlyGroup = "sftp-keys" }.ToProfile();

        Assert.Equal(["sitejail-disabled", "sitejail-ro", "sitejail-keyonly"], derived.TraitGroups.Select(g => g.Value));
        Assert.Equal(["nologin-sftp", "sftp-readers", "sftp-keys"], configured.TraitGroups.Select(g => g.Value));
    }

    [Theory]
    [InlineData("sftpjail")]
    [InlineData("www-data")]
    [InlineData("sudo")]
    [InlineData("sftpjail-ro")]
    [InlineData("bad group")]
    public void A_trait_group_must_be_a_valid_group_of_its_own(string name) =>
        Assert.Contains("Host:DisabledGroup", Assert.Throws<InputRejectedException>(() => new HostProfileOptions { DisabledGroup = name }.ToProfile()).Message);

    [Fact]
    public void A_jailed_user_or_admin_cannot_be_named_after_a_trait_group()
    {
        var profile = Profile();

        Assert.Throws<InputRejectedException>(() => DesiredStateParser.Parse(new DesiredStateDto([new SiteDto("a.example", true, [new JailUserDto("sftpjail-ro", false, false, false, [])])]), profile, Now));
        Assert.Throws<InputRejectedException>(() => DesiredStateParser.Parse(new DesiredStateDto([]) { Admins = [new AdminDto("sftpjail-keyonly", [])] }, profile, Now));
    }
}
