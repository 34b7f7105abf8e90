using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Apply.FaultInjection;

/// <summary>The disk fills up just as the manifest is saved, after the host already has the new account and vhost.</summary>
[Collection(HostCollection.Name)]
public sealed class DiskFullManifestTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync(webServer: "Nginx");

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_full_disk_when_the_manifest_is_saved_leaves_no_ghost_account_that_logs_in_or_that_apply_ignores()
    {
        var user = host.UserName("g");
        var before = Of(Site("base.example"));
        Assert.True((await host.ApplyAsync(before)).Succeeded);
        var added = Of(Site("base.example"), Site("ghost.example", User(user)));
        host.Engine.Faults.Injector = point =>
        {
            if (point == "save manifest")
            {
                throw new IOException("No space left on device", 28);
            }
        };

        var failed = await host.ApplyAsync(added, new PasswordChange(user, Password));
        var loginAfterFailure = await host.Client.SftpWithPasswordAsync(user, Password, "ls /html");
        host.Engine.Faults.Injector = null;

        // The panel rolled its database back: the next apply carries the state without the site.
        var rolledBack = await host.ApplyAsync(before);
        var again = await host.ApplyAsync(before);
        var reconcile = await host.Engine.ReconcileAsync(before);

        Assert.False(failed.Succeeded);
        Assert.NotEqual(0, loginAfterFailure.ExitCode);
        Assert.True(rolledBack.Succeeded, rolledBack.Error);
        Assert.NotEqual(0, (await HostCommand.RunAsync("id", [user])).ExitCode);
        Assert.Empty(again.Applied);
        Assert.Empty(reconcile.Drift);
        Assert.False(Directory.Exists(Path.Combine(host.JailRoot, "example.ghost")));
        Assert.False(File.Exists(host.Web!.VhostPathFor(Core.Values.SiteDomain.Parse("ghost.example")).Value));
    }

    [Fact]
    public async Task After_a_full_disk_when_the_manifest_is_saved_the_same_site_can_be_added_again()
    {
        var user = host.UserName("r");
        var added = Of(Site("retry.example", User(user)));
        host.Engine.Faults.Injector = point =>
        {
            if (point == "save manifest")
            {
                throw new IOException("No space left on device", 28);
            }
        };
        Assert.False((await host.ApplyAsync(added, new PasswordChange(user, Password))).Succeeded);
        host.Engine.Faults.Injector = null;

        var retried = await host.ApplyAsync(added, new PasswordChange(user, Password));
        var login = await host.Client.SftpWithPasswordAsync(user, Password, "ls /html");
        var again = await host.ApplyAsync(added);

        Assert.True(retried.Succeeded, retried.Error);
        Assert.Equal(0, login.ExitCode);
        Assert.Empty(again.Applied);
        Assert.Empty((await host.Engine.ReconcileAsync(added)).Drift);
    }
}
