using FsCheck;
using FsCheck.Fluent;
using SftpJail.Core.Planning;

namespace SftpJail.Core.Tests.Planning;

/// <summary>
/// Over thousands of random layouts, desired states and drifted hosts (no I/O): every plan creates directories after
/// their ancestors, never demands two things of one path, and applying it leaves nothing more to plan.
/// </summary>
public sealed class PlannerOrderingProperties
{
    private const int Runs = 3000;

    [Fact]
    public void Every_plan_orders_directories_after_their_ancestors_demands_one_thing_per_path_and_converges()
    {
        var outcomes = new Dictionary<RunOutcome, int>();
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(Runs),
            Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue).Select(PlanningScenario.FromSeed)), scenario =>
            {
                try
                {
                    var outcome = PlanningRun.Run(scenario, (plan, target) =>
                    {
                        AssertAncestorsFirst(plan);
                        AssertOneDemandPerPath(plan, target);
                    });
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                    return true;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw new InvalidOperationException($"{scenario}: {ex.Message}", ex);
                }
            }));

        // Every branch was reached, so the property cannot pass vacuously.
        Assert.True(outcomes.GetValueOrDefault(RunOutcome.Converged) > Runs / 5, Summary(outcomes));
        Assert.True(outcomes.GetValueOrDefault(RunOutcome.RefusedAtStartUp) > Runs / 50, Summary(outcomes));
        Assert.True(outcomes.GetValueOrDefault(RunOutcome.RefusedMissingParent) > Runs / 100, Summary(outcomes));
        Assert.True(outcomes.GetValueOrDefault(RunOutcome.RefusedOther) > 0, Summary(outcomes));
    }

    private static string Summary(Dictionary<RunOutcome, int> outcomes) => string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"));

    private static void AssertAncestorsFirst(HostPlan plan)
    {
        var dirs = plan.Actions.Select((a, i) => (Action: a as EnsureDirectoryAction, Index: i)).Where(x => x.Action is not null).ToList();
        foreach (var (action, index) in dirs)
        {
            foreach (var (other, otherIndex) in dirs)
            {
                if (otherIndex > index && action!.Target.Path != other!.Target.Path && action.Target.Path.IsWithin(other.Target.Path))
                {
                    Assert.Fail($"{action.Target.Path} (step {index}) comes before its ancestor {other.Target.Path} (step {otherIndex})");
                }
            }
        }
    }

    private static void AssertOneDemandPerPath(HostPlan plan, HostTarget target)
    {
        foreach (var group in target.BaseDirectories.Concat(target.SiteDirectories).GroupBy(d => d.Path.Value))
        {
            Assert.True(group.Select(d => (d.Owner, d.Group, d.Mode)).Distinct().Count() == 1, $"{group.Key} has {group.Count()} different demands");
        }

        foreach (var group in target.Files.GroupBy(f => f.Path.Value))
        {
            Assert.True(group.Select(f => (f.Content, f.Owner, f.Group, f.Mode)).Distinct().Count() == 1, $"{group.Key} has two contents");
        }

        var dirPaths = target.BaseDirectories.Concat(target.SiteDirectories).Select(d => d.Path.Value).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(target.Files, f => dirPaths.Contains(f.Path.Value));
        foreach (var group in plan.Actions.OfType<EnsureDirectoryAction>().GroupBy(a => a.Target.Path.Value))
        {
            Assert.True(group.Select(a => (a.Target.Owner, a.Target.Group, a.Target.Mode)).Distinct().Count() == 1, $"the plan sets {group.Key} two ways");
        }
    }
}
