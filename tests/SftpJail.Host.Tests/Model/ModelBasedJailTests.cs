using System.Diagnostics;
using SftpJail.Core.Planning;
using SftpJail.Host.Tests.Support;
using Xunit.Abstractions;

namespace SftpJail.Host.Tests.Model;

/// <summary>
/// Issue 8: a seeded random sequence of panel changes through the real engine on a dedicated sshd. After every change
/// the host must be converged (a second apply and a reconcile find nothing) and every login must be as the model says.
/// The seed is printed first and in every failure; see <see cref="ModelRunSettings"/> to replay one.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ModelBasedJailTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int KeyPoolSize = 4;

    private JailHost host = null!;
    private KeyPool keys = null!;
    private Activity.DefaultRelay relay = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        keys = await KeyPool.CreateAsync(Path.Combine(host.BaseDir, "client-keys"), KeyPoolSize);
        // As the executor daemon runs by default: every chroot gets the log relay's dev/ (and loses it with its site).
        relay = await Activity.DefaultRelay.StartAsync(host);
    }

    public async Task DisposeAsync()
    {
        await relay.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_random_sequence_of_changes_keeps_the_host_converged_and_every_login_as_the_model_says()
    {
        var settings = ModelRunSettings.FromEnvironment();
        var operations = OperationGenerator.Generate(settings.Seed, host.UserName(""), keys.Count, settings.Operations);
        output.WriteLine($"Model run: {settings.Replay}, {operations.Count} operations");
        for (var i = 0; i < operations.Count; i++)
        {
            output.WriteLine($"  {i + 1,2}. {operations[i]}");
        }

        var checker = new AccessChecker(host, keys) { WithRelayDev = true };
        var failures = new List<string>();
        var model = JailModel.Empty;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < operations.Count && (settings.KeepGoing || failures.Count == 0); i++)
        {
            if (clock.Elapsed > settings.Budget)
            {
                output.WriteLine($"The time budget ({settings.Budget.TotalSeconds:0} s, {ModelRunSettings.BudgetVariable}) ran out: steps {i + 1}–{operations.Count} skipped; replay the seed with a larger budget to run them.");
                break;
            }

            var operation = operations[i];
            var before = model;
            model = operation.ApplyTo(model);
            var stepFailures = await CheckStepAsync(before, operation, model, i + 1, checker);
            var where = $"{settings.Replay}, step {i + 1}/{operations.Count} \"{operation}\"";
            failures.AddRange(stepFailures.Select(f => $"{where}: {f}"));
            output.WriteLine($"step {i + 1} done at {clock.Elapsed.TotalSeconds:0.0} s: {(stepFailures.Count == 0 ? "ok" : $"{stepFailures.Count} failure(s)")}");
            foreach (var failure in stepFailures)
            {
                output.WriteLine("  FAIL " + failure);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures) + $"\n(all from {settings.Replay}; the sequence is printed in the test output)");
    }

    /// <summary>
    /// Apply, apply again (nothing to do, no file touched), reconcile, log in as everyone. A failed apply skips the rest of the step's checks; an exception
    /// out of the engine is a failure of the step like any other, reported with the phase and the source line it came from.
    /// </summary>
    private async Task<IReadOnlyList<string>> CheckStepAsync(JailModel before, ModelOperation operation, JailModel model, int step, AccessChecker checker)
    {
        var state = model.ToDto(keys.PublicKeys);
        var phase = "apply";
        var timing = new List<string>();
        var clock = Stopwatch.StartNew();
        void Took(string what)
        {
            timing.Add($"{what} {clock.Elapsed.TotalSeconds:0.0} s");
            clock.Restart();
        }

        try
        {
            var applied = await host.Engine.ApplyAsync(state, operation.Password is { } password ? [password] : []);
            Took("apply");
            if (!applied.Succeeded)
            {
                return [$"apply failed (rolled back: {applied.RolledBack}): {applied.Error}; applied before the failure: {Steps(applied.Applied)}"];
            }

            var failures = new List<string>();
            phase = "second apply";
            var filesBefore = await HostFileIdentities.TakeAsync(host, keys.Directory);
            var again = await host.Engine.ApplyAsync(state, []);
            var touched = HostFileIdentities.Changes(filesBefore, await HostFileIdentities.TakeAsync(host, keys.Directory));
            Took("again");
            if (!again.Succeeded || again.Applied.Count > 0)
            {
                failures.Add($"a second apply of the same state should change nothing; succeeded: {again.Succeeded}, error: {again.Error}, applied: {Steps(again.Applied)}");
            }

            if (touched.Count > 0)
            {
                failures.Add($"a second apply of the same state should touch no file; it touched {touched.Count}: {string.Join("; ", touched)}");
            }

            phase = "reconcile";
            var reconcile = await host.Engine.ReconcileAsync(state);
            Took("reconcile");
            if (!reconcile.InSync)
            {
                failures.Add($"reconcile should report no drift; error: {reconcile.Error}, drift: {Steps(reconcile.Drift)}");
            }

            phase = "logins";
            var loginsBefore = checker.Logins;
            failures.AddRange(await checker.CheckAsync(before, operation, model, step));
            Took($"{checker.Logins - loginsBefore} logins");
            output.WriteLine($"  step {step}: {string.Join(", ", timing)}");
            return failures;
        }
        catch (Exception ex)
        {
            return [$"{phase} threw {Describe(ex)}"];
        }
    }

    private static string Describe(Exception ex)
    {
        var origin = new StackTrace(ex, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName()?.Contains("/src/", StringComparison.Ordinal) == true);
        var inner = ex.InnerException is { } cause ? $" ({cause.Message})" : string.Empty;
        var where = origin is null ? string.Empty : $" at {origin.GetMethod()?.DeclaringType?.Name}.{origin.GetMethod()?.Name} ({Path.GetFileName(origin.GetFileName())}:{origin.GetFileLineNumber()})";
        return $"{ex.GetType().Name}: {ex.Message}{inner}{where}";
    }

    private static string Steps(IReadOnlyList<PlanStep> steps) =>
        steps.Count == 0 ? "none" : string.Join("; ", steps.Select(s => s.ToString()));
}
