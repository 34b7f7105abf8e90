using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Planning;

public sealed class DirectoryOrderTests
{
    private static List<string> CreatedDirectories(HostPlan plan) =>
        plan.Actions.OfType<EnsureDirectoryAction>().Select(a => a.Target.Path.Value).ToList();

    private static void AssertParentsFirst(IReadOnlyList<string> order)
    {
        for (var i = 0; i < order.Count; i++)
        {
            for (var j = i + 1; j < order.Count; j++)
            {
                Assert.False(AbsolutePath.Parse(order[i]).IsWithin(AbsolutePath.Parse(order[j])) && order[i] != order[j],
                    $"{order[i]} is created before its ancestor {order[j]}: {string.Join(", ", order)}");
            }
        }
    }

    [Fact]
    public void Creates_a_jail_root_that_lies_inside_the_keys_parent_after_that_parent()
    {
        // The demo's shape: the jail root and the keys directory share a parent that the plan must create first.
        var profile = new HostProfileOptions
        {
            SshdMode = "Dedicated",
            StateDir = "/var/lib/sftpjail-demo/state",
            JailRoot = "/var/lib/sftpjail-demo/sites",
            AuthorizedKeysDir = "/var/lib/sftpjail-demo/authorized_keys",
        }.ToProfile();
        var target = TargetBuilder.Build(Layouts.OneSite(), profile);

        var plan = Planner.Plan(target, Layouts.EmptyHost(), profile, []);

        var order = CreatedDirectories(plan);
        Assert.Contains("/var/lib/sftpjail-demo", order);
        Assert.True(order.IndexOf("/var/lib/sftpjail-demo") < order.IndexOf("/var/lib/sftpjail-demo/sites"), string.Join(", ", order));
        AssertParentsFirst(order);
    }

    [Fact]
    public void Creates_the_drop_in_directory_before_the_keys_directories_nested_in_it()
    {
        var profile = new HostProfileOptions
        {
            StateDir = "/var/lib/sj-state",
            JailRoot = "/srv/www",
            AuthorizedKeysDir = "/srv/sj/keys/authorized_keys",
            SshdDropInPath = "/srv/sj/50-sftpjail.conf",
        }.ToProfile();
        var target = TargetBuilder.Build(Layouts.OneSite(), profile);

        var order = CreatedDirectories(Planner.Plan(target, Layouts.EmptyHost(), profile, []));

        Assert.True(order.IndexOf("/srv/sj") < order.IndexOf("/srv/sj/keys"), string.Join(", ", order));
        AssertParentsFirst(order);
    }

    [Fact]
    public void Refuses_to_create_a_directory_whose_parent_is_missing_and_not_managed()
    {
        var profile = Layouts.Dedicated("/srv/missing").ToProfile();
        var target = TargetBuilder.Build(Layouts.OneSite(), profile);
        var host = Layouts.EmptyHost();
        var directories = new Dictionary<string, ObservedDirectory>(StringComparer.Ordinal)
        {
            ["/srv/missing"] = new(AbsolutePath.Parse("/srv/missing"), false, false, null, null, 0),
        };

        var refusal = Assert.Throws<PlanRefusedException>(() => Planner.Plan(target, host with { Directories = directories }, profile, []));

        Assert.Contains("/srv/missing", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", refusal.Message, StringComparison.Ordinal);
    }
}
