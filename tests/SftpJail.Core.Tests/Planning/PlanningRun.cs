using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Planning;

/// <summary>How far a scenario got, so a property can prove it reached every branch.</summary>
internal enum RunOutcome
{
    RefusedAtStartUp,
    RefusedMissingParent,
    RefusedOther,
    Converged,
}

/// <summary>Plans and applies a <see cref="PlanningScenario"/> against a <see cref="HostModel"/>, checking each plan on the way.</summary>
internal static class PlanningRun
{
    public static RunOutcome Run(PlanningScenario scenario, Action<HostPlan, HostTarget> checkPlan)
    {
        var profile = scenario.Profile;
        var host = new HostModel(scenario.AdminDirectories, scenario.ExistingGroups);
        var startUpRefusal = StartUpRefusal(scenario.Options);
        var roleConflict = DirectoryRoles.FindConflict(DirectoryRoles.For(profile));
        Assert.True((startUpRefusal is null) == (roleConflict is null), $"start-up said '{startUpRefusal}', the role table '{roleConflict?.Message}'");
        if (startUpRefusal is not null)
        {
            // A profile built in code skips ToProfile: the planner must refuse it just the same.
            var target = TargetBuilder.Build(scenario.After, profile);
            Assert.Throws<PlanRefusedException>(() => Plan(target, host, profile, scenario.After, []));
            return RunOutcome.RefusedAtStartUp;
        }

        var before = TargetBuilder.Build(scenario.Before, profile);
        HostPlan first;
        try
        {
            first = Plan(before, host, profile, scenario.Before, []);
        }
        catch (PlanRefusedException refusal) when (refusal.Message.Contains("does not exist, and SftpJail does not manage it", StringComparison.Ordinal))
        {
            Assert.True(MissingUntargetedParent(before, host, profile), refusal.Message);
            return RunOutcome.RefusedMissingParent;
        }

        Assert.False(MissingUntargetedParent(before, host, profile), "a directory's parent is missing, yet the plan went ahead");
        checkPlan(first, before);
        host.Apply(first);
        host.RecordSuccess(scenario.Before, first);

        scenario.Drift(host, before);

        var after = TargetBuilder.Build(scenario.After, profile);
        HostPlan second;
        try
        {
            second = Plan(after, host, profile, scenario.After, scenario.Passwords);
        }
        catch (PlanRefusedException)
        {
            return RunOutcome.RefusedOther;
        }

        checkPlan(second, after);
        host.Apply(second);
        host.RecordSuccess(scenario.After, second);

        var third = Plan(after, host, profile, scenario.After, []);
        var left = third.Actions.Where(a => a is not ReloadSshdAction || third.Actions.OfType<WriteFileAction>().Any(w => w.File.Role == FileRole.SshdConfig)).ToList();
        Assert.True(left.Count == 0, $"after applying, the plan is not empty: {string.Join(" | ", left.Select(a => a.Describe()))}");
        return RunOutcome.Converged;
    }

    private static HostPlan Plan(HostTarget target, HostModel host, HostProfile profile, DesiredState desired, IReadOnlyCollection<LinuxUserName> passwords) =>
        Planner.Plan(target, host.Observe(target, profile), profile, passwords, new AdminPlanInput(desired.Admins, host.ObserveAdmins(desired, profile)));

    private static string? StartUpRefusal(HostProfileOptions options)
    {
        try
        {
            options.ToProfile();
            return null;
        }
        catch (InputRejectedException rejected)
        {
            return rejected.Message;
        }
    }

    private static bool MissingUntargetedParent(HostTarget target, HostModel host, HostProfile profile)
    {
        var snapshot = host.Observe(target, profile);
        var dirs = target.BaseDirectories.Concat(target.SiteDirectories).ToList();
        var targeted = dirs.Select(d => d.Path.Value).ToHashSet(StringComparer.Ordinal);
        return dirs.Any(d => d.Path.Parent is { } parent && !targeted.Contains(parent.Value)
            && snapshot.Directories[d.Path.Value] is { Exists: false } && snapshot.Directories[parent.Value] is { Exists: false });
    }
}
