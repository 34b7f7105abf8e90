using SftpJail.Cli.Output;
using SftpJail.Cli.Parsing;

namespace SftpJail.Cli.Commands;

internal static class StateCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("plan", "plan [--json]", "Show what applying the database state would change on the host.", true, Plan),
        new("apply", "apply [--full]", "Make the host match the database (also repairs drift); --full inspects every site, not only the changed ones.", true, Apply),
        new("reconcile", "reconcile [--json]", "Compare the host with the database; exit 1 when they differ.", true, Reconcile),
    ];

    private static Invocation Plan(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("plan", args, ["--json"]);
        a.Positionals();
        return async (c, ct) =>
        {
            var plan = await c.Sites.PlanAsync(ct);
            if (a.Has("--json"))
            {
                await c.WriteJsonAsync(plan);
            }
            else if (plan.Error is null)
            {
                await c.Out.WriteLineAsync(plan.Steps.Count == 0 ? "no changes: the host matches the database" : $"{plan.Steps.Count} change(s):");
                await Steps.WriteAsync(c.Out, plan.Steps, withDiffs: true);
            }

            return plan.Error is null ? ExitCodes.Ok : await c.FailAsync(plan.Error, ExitCodes.Failed);
        };
    }

    private static Invocation Apply(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("apply", args, ["--full"]);
        a.Positionals();
        return async (c, ct) =>
        {
            if (a.Has("--full"))
            {
                await FullConvergeNextAsync(c, ct);
            }

            var result = await c.Sites.ApplyAsync(c.Actor, ct);
            return await c.ReportAsync(result, result.Steps.Count == 0 ? "applied: nothing to change" : $"applied {result.Steps.Count} change(s):");
        };
    }

    /// <summary>
    /// In process the executor simply forgets its applied index. Over the socket a reconcile (which always inspects the
    /// whole host) runs first: when it finds drift the executor forgets the index itself; when it finds none, the
    /// incremental apply that follows has nothing stale to trust.
    /// </summary>
    private static async Task FullConvergeNextAsync(CliContext c, CancellationToken ct)
    {
        if (c.Executor is Executor.ExecutorEngine engine)
        {
            engine.ForgetAppliedIndex();
            return;
        }

        await c.Sites.ReconcileAsync(ct);
    }

    private static Invocation Reconcile(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("reconcile", args, ["--json"]);
        a.Positionals();
        return async (c, ct) =>
        {
            var result = await c.Sites.ReconcileAsync(ct);
            if (a.Has("--json"))
            {
                await c.WriteJsonAsync(result);
            }
            else if (result.Error is null)
            {
                await c.Out.WriteLineAsync(result.InSync ? "in sync: the host matches the database" : $"drift: {result.Drift.Count} difference(s), repair with 'sftpjail apply --full':");
                await Steps.WriteAsync(c.Out, result.Drift);
            }

            if (result.Error is not null)
            {
                return await c.FailAsync(result.Error, ExitCodes.Failed);
            }

            return result.InSync ? ExitCodes.Ok : ExitCodes.Failed;
        };
    }
}
