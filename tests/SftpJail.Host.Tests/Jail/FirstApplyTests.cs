using SftpJail.Core.Planning;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

/// <summary>The first apply on a fresh host, with the real executor, useradd and a dedicated sshd.</summary>
[Collection(HostCollection.Name)]
public sealed class FirstApplyTests
{
    [Fact]
    public async Task A_fresh_host_whose_roles_share_a_parent_that_does_not_exist_yet_applies_first_time()
    {
        // The demo's shape (with its state dir moved out of the shared parent): demo/ is created before demo/sites.
        await using var host = await JailHost.CreateAsync(o =>
        {
            var demo = $"{o.StateDir![..o.StateDir!.LastIndexOf('/')]}/demo";
            o.StateDir = $"{demo}/state";
            o.JailRoot = $"{demo}/sites";
            o.AuthorizedKeysDir = $"{demo}/authorized_keys";
        });
        var user = host.UserName("a");

        var result = await host.ApplyAsync(Of(Site("fresh.example", User(user))));

        Assert.True(result.Succeeded, result.Error);
        Assert.True(Directory.Exists(Path.Combine(host.JailRoot, "example.fresh", "html")));
        Assert.DoesNotContain((await host.Engine.PlanAsync(Of(Site("fresh.example", User(user))))).Steps, s => s.Kind != PlanStepKind.ReloadService);
    }

    [Fact]
    public async Task A_state_dir_whose_parent_is_missing_is_refused_before_the_jail_group_is_created()
    {
        await using var host = await JailHost.CreateAsync(o => o.StateDir = $"{o.StateDir}/missing/state");

        var result = await host.ApplyAsync(Of(Site("orphan.example", User(host.UserName("a")))));

        Assert.False(result.Succeeded);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Applied);
        Assert.DoesNotContain((await File.ReadAllLinesAsync("/etc/group")), line => line.StartsWith(host.Profile.JailGroup.Value + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_internal_error_after_the_jail_group_was_created_fails_and_lists_what_was_applied()
    {
        // The jail root's parent is not root-owned (sshd would refuse the chroot), and the state dir, deeper, is not made
        // yet when that step fails: recording the manifest then fails too. That used to escape as an exception.
        await using var host = await JailHost.CreateAsync(o =>
        {
            var baseDir = o.StateDir![..o.StateDir!.LastIndexOf('/')];
            Directory.CreateDirectory($"{baseDir}/bad");
            File.SetUnixFileMode($"{baseDir}/bad", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);
            Directory.CreateDirectory($"{baseDir}/deep/er");
            o.JailRoot = $"{baseDir}/bad/www";
            o.StateDir = $"{baseDir}/deep/er/state";
        });
        await HostCommand.RunAsync("chown", ["nobody", $"{host.BaseDir}/bad"]);

        var result = await host.ApplyAsync(Of(Site("broken.example", User(host.UserName("a")))));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Applied, s => s.Kind == PlanStepKind.CreateGroup);
        Assert.Contains("bad", result.Error, StringComparison.Ordinal);
    }
}
