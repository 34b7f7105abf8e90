using FsCheck;
using FsCheck.Fluent;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Planning;

/// <summary>Each site's html/ belongs to a group of that site's users alone; the web server only reads it, through an ACL.</summary>
public sealed class SiteGroupTests
{
    private static readonly HostProfile Profile = Layouts.Dedicated("/srv/sj").ToProfile();

    [Fact]
    public void A_sites_group_is_the_jail_group_and_its_domain_and_a_long_domain_is_cut_and_hashed()
    {
        Assert.Equal("sftpjail-shop_example", SiteGroups.For(Profile, SiteDomain.Parse("shop.example")).Value);
        var longDomain = SiteDomain.Parse("a-very-long-customer-name.example.co.uk");
        var hashed = SiteGroups.For(Profile, longDomain).Value;
        Assert.Equal(32, hashed.Length);
        Assert.Matches("^sftpjail-a-very-long-c__[0-9a-f]{8}$", hashed);
        Assert.NotEqual(hashed, SiteGroups.For(Profile, SiteDomain.Parse("a-very-long-customer-name.example.co.nz")).Value);
    }

    [Fact]
    public void Distinct_domains_get_distinct_valid_group_names()
    {
        var label = Gen.Elements("a", "b", "x1", "shop", "very-long-label-for-a-customer", "xn--bcher-kva", "zz");
        var domain = Gen.ListOf(label).Where(l => l.Count is >= 2 and <= 5).Select(l => string.Join('.', l));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(Gen.ListOf(domain)), domains =>
        {
            var parsed = domains.Distinct().Select(d => SiteDomain.Parse(d)).ToList();
            var names = parsed.Select(d => SiteGroups.For(Profile, d).Value).ToList();
            return names.All(n => LinuxGroupName.TryParse(n, out _, out _)) && names.Count == names.Distinct().Count();
        }));
    }

    [Fact]
    public void Html_is_owned_by_the_site_group_readable_by_the_web_group_and_no_user_is_in_the_web_group()
    {
        var state = TwoSites();

        var target = TargetBuilder.Build(state, Profile);

        foreach (var site in state.Sites)
        {
            var group = SiteGroups.For(Profile, site.Domain);
            var html = Assert.Single(target.SiteDirectories, d => d.Path == Profile.UploadDirFor(site.Domain));
            Assert.Equal((site.Owner!.Name.Value, group.Value, 0b010_111_111_000), (html.Owner, html.Group, html.Mode));
            Assert.Equal(new DirectoryAcl(Profile.WebGroup), html.Acl);
            Assert.All(target.Users.Where(u => u.Site == site.Domain), u => Assert.Equal([Profile.JailGroup, group], u.Groups));
        }

        Assert.DoesNotContain(target.Users, u => u.Groups.Contains(Profile.WebGroup));
        Assert.Equal(2, target.SiteGroups.Count);
        Assert.Equal(
            "user::rwx,group::rwx,group:www-data:r-x,mask::rwx,other::--- default:user::rwx,default:group::rwx,default:group:www-data:r-x,default:mask::rwx,default:other::---",
            new DirectoryAcl(Profile.WebGroup).Describe(0b010_111_111_000));
    }

    [Fact]
    public void The_first_plan_makes_the_site_groups_as_ordinary_groups_before_their_users_and_converges()
    {
        var state = TwoSites();
        var target = TargetBuilder.Build(state, Profile);
        var host = new HostModel(["/srv", "/srv/sj"], ["www-data", "sudo"]);
        host.Apply(Planner.Plan(target, host.Observe(target, Profile), Profile, []));
        host.RecordSuccess(state, new HostPlan([]));

        var plan = Planner.Plan(target, host.Observe(target, Profile), Profile, []);

        Assert.Empty(plan.Actions);
        var first = Planner.Plan(target, new HostModel(["/srv", "/srv/sj"], ["www-data", "sudo"]).Observe(target, Profile), Profile, []).Actions;
        var siteGroups = first.OfType<CreateGroupAction>().Where(g => !g.System).Select(g => g.Group.Value).ToList();
        Assert.Equal(["sftpjail-one_example", "sftpjail-two_example"], siteGroups);
        Assert.True(first.ToList().FindLastIndex(a => a is CreateGroupAction) < first.ToList().FindIndex(a => a is CreateUserAction));
    }

    [Fact]
    public void An_html_in_the_web_group_without_an_acl_is_converted_with_its_files_and_then_left_alone()
    {
        var state = TwoSites();
        var target = TargetBuilder.Build(state, Profile);
        var host = new HostModel(["/srv", "/srv/sj"], ["www-data", "sudo"]);
        host.Apply(Planner.Plan(target, host.Observe(target, Profile), Profile, []));
        host.RecordSuccess(state, new HostPlan([]));
        var html = Profile.UploadDirFor(SiteDomain.Parse("one.example")).Value;
        host.MakeLegacy(html, "www-data");

        var plan = Planner.Plan(target, host.Observe(target, Profile), Profile, []);

        var fix = Assert.Single(plan.Actions.OfType<EnsureDirectoryAction>());
        Assert.Equal(html, fix.Target.Path.Value);
        Assert.Contains("no ACL", fix.Describe().Summary, StringComparison.Ordinal);
        var convert = Assert.Single(plan.Actions.OfType<ConvertSiteFilesAction>());
        Assert.Equal((html, "sftpjail-one_example", "www-data"), (convert.Html.Value, convert.SiteGroup.Value, convert.WebGroup.Value));
        Assert.True(plan.Actions.ToList().IndexOf(convert) > plan.Actions.ToList().IndexOf(fix));
        host.Apply(plan);
        Assert.Empty(Planner.Plan(target, host.Observe(target, Profile), Profile, []).Actions);
    }

    [Fact]
    public void A_removed_sites_group_goes_after_its_users_and_its_archive()
    {
        var state = TwoSites();
        var host = new HostModel(["/srv", "/srv/sj"], ["www-data", "sudo"]);
        var before = TargetBuilder.Build(state, Profile);
        host.Apply(Planner.Plan(before, host.Observe(before, Profile), Profile, []));
        host.RecordSuccess(state, new HostPlan([]));
        var after = TargetBuilder.Build(new DesiredState([state.Sites[1]]), Profile);

        var actions = Planner.Plan(after, host.Observe(after, Profile), Profile, []).Actions.ToList();

        var removal = Assert.Single(actions.OfType<RemoveSiteGroupAction>());
        Assert.Equal("sftpjail-one_example", removal.Group.Value);
        Assert.True(actions.IndexOf(removal) > actions.FindIndex(a => a is ArchiveSiteAction));
        Assert.True(actions.IndexOf(removal) > actions.FindIndex(a => a is RemoveUserAction));
        host.Apply(new HostPlan(actions));
    }

    [Fact]
    public void Refuses_a_username_that_is_a_sites_group_name()
    {
        var state = new DesiredState([
            Site("one.example", "sftpjail-two_example"),
            Site("two.example", "bob"),
        ]);

        var refusal = Assert.Throws<PlanRefusedException>(() => Plan(state, Layouts.EmptyHost()));

        Assert.Contains("has the name of site two.example's group", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_site_whose_group_is_a_configured_group()
    {
        var options = Layouts.Dedicated("/srv/sj");
        options.WebGroup = "sftpjail-one_example";
        var profile = options.ToProfile();
        var target = TargetBuilder.Build(new DesiredState([Site("one.example", "alice")]), profile);

        var refusal = Assert.Throws<PlanRefusedException>(() => Planner.Plan(target, Layouts.EmptyHost("sftpjail-one_example"), profile, []));

        Assert.Contains("a group the host settings name", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_existing_group_of_the_sites_name_with_members_sftpjail_does_not_manage()
    {
        var state = new DesiredState([Site("one.example", "alice")]);
        var host = Layouts.EmptyHost("sftpjail-one_example");
        var withMembers = host with { GroupMembers = new Dictionary<string, IReadOnlyList<string>> { ["sftpjail-one_example"] = ["mallory", "alice"] } };

        var refusal = Assert.Throws<PlanRefusedException>(() => Plan(state, withMembers));

        Assert.Contains("members SftpJail does not manage (mallory)", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Plan(state, host).Actions.OfType<CreateGroupAction>(), g => g.Group.Value == "sftpjail-one_example");
    }

    private static HostPlan Plan(DesiredState state, HostSnapshot host) => Planner.Plan(TargetBuilder.Build(state, Profile), host, Profile, []);

    private static DesiredState TwoSites() => new([Site("one.example", "alice", "carol"), Site("two.example", "bob")]);

    private static SiteSpec Site(string domain, params string[] users) => new(SiteDomain.Parse(domain), true,
        users.Select(u => new JailUserSpec(LinuxUserName.Parse(u), false, false, false, [TestKeys.Ed25519(1)])).ToList());
}
