using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Planning;

/// <summary>One path, one demand: a layout that asks two things of a directory is refused, not applied back and forth.</summary>
public sealed class PathConflictTests
{
    [Fact]
    public void Refuses_at_start_up_a_state_dir_that_is_also_the_parent_of_the_keys_dir()
    {
        // The demo's original layout: /var/lib/sftpjail-demo was the 0700 state dir and the 0755 parent of the keys dir.
        var options = new HostProfileOptions
        {
            SshdMode = "Dedicated",
            StateDir = "/var/lib/sftpjail-demo",
            JailRoot = "/var/lib/sftpjail-demo/sites",
            AuthorizedKeysDir = "/var/lib/sftpjail-demo/authorized_keys",
        };

        var refusal = Assert.Throws<InputRejectedException>(() => options.ToProfile());

        Assert.Contains("Host:StateDir and the parent of Host:AuthorizedKeysDir are the same directory (/var/lib/sftpjail-demo)", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/srv/sj", "/srv/sj/www", "/etc/sj/keys", "Host:JailRoot", "Host:StateDir")]
    [InlineData("/srv/sj", "/srv/www", "/srv/sj/etc/keys", "Host:AuthorizedKeysDir", "Host:StateDir")]
    [InlineData("/srv/www/state", "/srv/www", "/etc/sj/keys", "Host:StateDir", "Host:JailRoot")]
    [InlineData("/srv/keys/authorized_keys/state", "/srv/www", "/srv/keys/authorized_keys", "Host:StateDir", "Host:AuthorizedKeysDir")]
    [InlineData("/var/lib/sj", "/srv/www", "/srv/www/keys", "Host:AuthorizedKeysDir", "Host:JailRoot")]
    public void Refuses_at_start_up_a_directory_role_nested_where_it_cannot_work(string stateDir, string jailRoot, string keysDir, string inner, string outer)
    {
        var options = new HostProfileOptions { StateDir = stateDir, JailRoot = jailRoot, AuthorizedKeysDir = keysDir };

        var refusal = Assert.Throws<InputRejectedException>(() => options.ToProfile());

        Assert.Contains(inner, refusal.Message, StringComparison.Ordinal);
        Assert.Contains(outer, refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Debian", "System")]
    [InlineData("Debian", "Dedicated")]
    [InlineData("Rhel", "System")]
    [InlineData("Rhel", "Dedicated")]
    public void Accepts_the_default_layouts(string family, string mode)
    {
        var profile = new HostProfileOptions { Family = family, SshdMode = mode }.ToProfile();

        Assert.Equal("/var/lib/sftpjail", profile.StateDir.Value);
    }

    [Theory]
    [InlineData("/var/lib/sjtest-abc/state", "/var/lib/sjtest-abc/www", "/var/lib/sjtest-abc/etc/keys")] // Host.Tests' JailHost
    [InlineData("/tmp/p/state", "/tmp/p/www", "/tmp/p/keys")] // Web.Tests' PanelFactory, WebServerHost
    [InlineData("/var/lib/sftpjail-demo/state", "/var/lib/sftpjail-demo/sites", "/var/lib/sftpjail-demo/authorized_keys")]
    public void Accepts_layouts_whose_roles_share_only_a_parent(string stateDir, string jailRoot, string keysDir)
    {
        var profile = new HostProfileOptions { SshdMode = "Dedicated", StateDir = stateDir, JailRoot = jailRoot, AuthorizedKeysDir = keysDir }.ToProfile();

        Assert.Equal(jailRoot, profile.JailRoot.Value);
    }

    [Fact]
    public void Planner_refuses_a_target_that_gives_one_directory_two_modes_and_names_both_roles()
    {
        // A profile built in code skips the start-up check: the planner must still never plan a mode flip.
        var profile = Layouts.Dedicated("/srv/sj").ToProfile();
        profile = profile with { StateDir = profile.AuthorizedKeysDir.Parent! };
        var target = TargetBuilder.Build(Layouts.OneSite(), profile);

        var refusal = Assert.Throws<PlanRefusedException>(() => Planner.Plan(target, Layouts.EmptyHost(), profile, []));

        Assert.Contains("/srv/sj/keys", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Host:StateDir", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("the parent of Host:AuthorizedKeysDir", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Planner_refuses_a_site_whose_chroot_is_another_role_s_directory()
    {
        var profile = Layouts.Dedicated("/srv/sj").ToProfile();
        profile = profile with { StateDir = profile.ChrootFor(SiteDomain.Parse("shop.example")) };
        var target = TargetBuilder.Build(Layouts.OneSite(), profile);

        var refusal = Assert.Throws<PlanRefusedException>(() => Planner.Plan(target, Layouts.EmptyHost(), profile, []));

        Assert.Contains("/srv/sj/sites/example.shop", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Host:StateDir", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Planner_refuses_two_different_contents_for_one_file()
    {
        var profile = Layouts.Dedicated("/srv/sj").ToProfile();
        var clash = new ManagedFile(profile.SshdDropInPath, "# something else\n", FileRole.SshdConfig);
        var target = TargetBuilder.Build(Layouts.OneSite(), profile, [clash]);

        var refusal = Assert.Throws<PlanRefusedException>(() => Planner.Plan(target, Layouts.EmptyHost(), profile, []));

        Assert.Contains(profile.SshdDropInPath.Value, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Planner_refuses_a_file_where_a_directory_is_wanted()
    {
        var profile = Layouts.Dedicated("/srv/sj").ToProfile();
        var clash = new ManagedFile(profile.ArchiveDir, "not a directory\n", FileRole.SitePlaceholder);
        var target = TargetBuilder.Build(Layouts.OneSite(), profile, [clash]);

        var refusal = Assert.Throws<PlanRefusedException>(() => Planner.Plan(target, Layouts.EmptyHost(), profile, []));

        Assert.Contains(profile.ArchiveDir.Value, refusal.Message, StringComparison.Ordinal);
    }
}
