using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Executor.Apply;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Apply.FaultInjection;

/// <summary>What a restarted executor does with an apply the previous process left unfinished, and what reconcile reports.</summary>
[Collection(HostCollection.Name)]
public sealed class InterruptedApplyTests : IAsyncLifetime
{
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync(webServer: "Nginx");

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task At_start_the_executor_adopts_an_account_a_killed_apply_created_with_its_uid_and_keeps_it_locked()
    {
        var user = host.UserName("a");
        var engine = new ConvergenceCheck(host, []).NewEngine();
        engine.Faults.Injector = point =>
        {
            if (point.StartsWith("after CreateUser", StringComparison.Ordinal))
            {
                throw new SimulatedCrashException(point);
            }
        };
        await Assert.ThrowsAsync<SimulatedCrashException>(() => engine.ApplyAsync(Of(Site("killed.example", User(user))), []));
        var intent = Path.Combine(host.Profile.StateDir.Value, "intent.json");
        Assert.True(File.Exists(intent));
        var reconcileBefore = await host.Engine.ReconcileAsync(Of());

        var adopted = await new ConvergenceCheck(host, []).NewEngine().FinishInterruptedApplyAsync();

        var uid = (await HostCommand.RunAsync("id", ["-u", user])).StandardOutput.Trim();
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(host.Profile.ManifestPath.Value));
        Assert.Contains(reconcileBefore.Drift, s => s.Target == intent);
        Assert.Contains(reconcileBefore.Drift, s => s.Kind == PlanStepKind.RemoveUser && s.Target == user);
        Assert.Contains(adopted, s => s.Target == user);
        Assert.False(File.Exists(intent));
        Assert.Equal(uid, manifest.RootElement.GetProperty("Uids").GetProperty(user).GetUInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1", (await HostCommand.RunAsync("getent", ["shadow", user])).StandardOutput.Trim().Split(':')[7]);
        Assert.True((await host.ApplyAsync(Of())).Succeeded);
        Assert.NotEqual(0, (await HostCommand.RunAsync("id", [user])).ExitCode);
    }

    [Fact]
    public async Task Reconcile_lists_jail_group_members_chroots_and_vhosts_that_no_manifest_lists()
    {
        var state = Of(Site("listed.example", User(host.UserName("a"))));
        Assert.True((await host.ApplyAsync(state)).Succeeded);
        Assert.True((await host.Engine.ReconcileAsync(state)).InSync);
        var stranger = host.UserName("x");
        Assert.Equal(0, (await HostCommand.RunAsync("useradd", ["--no-create-home", "-G", host.Profile.JailGroup.Value, stranger])).ExitCode);
        var strayChroot = Path.Combine(host.JailRoot, "example.stray");
        Directory.CreateDirectory(strayChroot);
        var strayVhost = Path.Combine(host.Web!.SitesDir.Value, "stray.example.conf");
        await File.WriteAllTextAsync(strayVhost, VhostRenderer.ManagedHeader + "\nserver { }\n");
        var adminsOwn = Path.Combine(host.Web.SitesDir.Value, "admins-own.conf");
        await File.WriteAllTextAsync(adminsOwn, "# not SftpJail's\n");

        var reconcile = await host.Engine.ReconcileAsync(state);

        Assert.Contains(reconcile.Drift, s => s.Target == stranger && s.Summary.Contains("not an account SftpJail manages", StringComparison.Ordinal));
        Assert.Contains(reconcile.Drift, s => s.Target == strayChroot);
        Assert.Contains(reconcile.Drift, s => s.Target == strayVhost);
        Assert.Equal(3, reconcile.Drift.Count);
    }
}
