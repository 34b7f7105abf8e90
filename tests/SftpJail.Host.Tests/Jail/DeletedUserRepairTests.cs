using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

/// <summary>A customer account deleted by hand comes back as the same account: its uid (so its uploads), and its password.</summary>
[Collection(HostCollection.Name)]
public sealed class DeletedUserRepairTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Repair_recreates_the_user_with_its_uid_and_password_and_it_can_overwrite_its_own_upload()
    {
        var user = host.UserName("a");
        var state = Of(Site("repair.example", User(user)));
        Assert.True((await host.ApplyAsync(state, new PasswordChange(user, Password))).Succeeded);
        var upload = Path.Combine(host.BaseDir, "upload.txt");
        await File.WriteAllTextAsync(upload, "first version");
        Assert.Equal(0, (await host.Client.SftpWithPasswordAsync(user, Password, $"put {upload} /html/upload.txt")).ExitCode);
        var uid = await UidAsync(user);
        Assert.Equal(0, (await HostCommand.RunAsync("userdel", [user])).ExitCode);

        var drift = await host.Engine.ReconcileAsync(state);
        var repaired = await host.ApplyAsync(state);

        var step = Assert.Single(drift.Drift, s => s.Kind == PlanStepKind.CreateUser && s.Target == user);
        Assert.Contains($"recreate with uid {uid}", step.Summary, StringComparison.Ordinal);
        Assert.EndsWith("; password restored", step.Summary, StringComparison.Ordinal);
        Assert.True(repaired.Succeeded, repaired.Error);
        Assert.Contains(repaired.Applied, s => s.Kind == PlanStepKind.CreateUser && s.Summary.EndsWith("; password restored", StringComparison.Ordinal));
        Assert.Equal(uid, await UidAsync(user));
        await File.WriteAllTextAsync(upload, "second version");
        var overwrite = await host.Client.SftpWithPasswordAsync(user, Password, $"put {upload} /html/upload.txt");
        Assert.True(overwrite.ExitCode == 0, overwrite.All);
        Assert.Equal("second version", await File.ReadAllTextAsync(Path.Combine(host.JailRoot, "example.repair", "html", "upload.txt")));
        Assert.True((await host.Engine.ReconcileAsync(state)).InSync);
    }

    [Fact]
    public async Task A_user_without_a_password_is_recreated_with_its_uid_and_the_plan_says_the_password_must_be_set_again()
    {
        var user = host.UserName("k");
        var state = Of(Site("nopw.example", User(user)));
        Assert.True((await host.ApplyAsync(state)).Succeeded);
        var uid = await UidAsync(user);
        Assert.Equal(0, (await HostCommand.RunAsync("userdel", [user])).ExitCode);

        var plan = await host.Engine.PlanAsync(state);

        var step = Assert.Single(plan.Steps, s => s.Kind == PlanStepKind.CreateUser);
        Assert.Contains($"recreate with uid {uid}", step.Summary, StringComparison.Ordinal);
        Assert.EndsWith("; the password must be set again", step.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_user_created_in_the_same_repair_does_not_take_the_deleted_users_uid()
    {
        var user = host.UserName("a");
        var newcomer = host.UserName("n");
        Assert.True((await host.ApplyAsync(Of(Site("z-kept.example", User(user))))).Succeeded);
        var uid = await UidAsync(user);
        Assert.Equal(0, (await HostCommand.RunAsync("userdel", [user])).ExitCode);

        // The newcomer's site sorts first, so it is created before the deleted user is recreated.
        var applied = await host.ApplyAsync(Of(Site("a-new.example", User(newcomer)), Site("z-kept.example", User(user))));

        Assert.True(applied.Succeeded, applied.Error);
        Assert.Equal(uid, await UidAsync(user));
        // useradd alone picks the highest uid in use + 1, which is the freed uid or below it; a reserved uid is skipped.
        Assert.True(long.Parse(await UidAsync(newcomer)) > long.Parse(uid), $"newcomer got uid {await UidAsync(newcomer)}, the deleted user had {uid}");
    }

    [Fact]
    public async Task Recreating_is_refused_when_another_account_took_the_uid()
    {
        var user = host.UserName("a");
        var state = Of(Site("taken.example", User(user)));
        Assert.True((await host.ApplyAsync(state)).Succeeded);
        var uid = await UidAsync(user);
        Assert.Equal(0, (await HostCommand.RunAsync("userdel", [user])).ExitCode);
        var squatter = host.UserName("s");
        Assert.Equal(0, (await HostCommand.RunAsync("useradd", ["--no-create-home", "--uid", uid, squatter])).ExitCode);

        var plan = await host.Engine.PlanAsync(state);
        var applied = await host.ApplyAsync(state);

        Assert.Equal($"Cannot recreate the account '{user}' with its uid {uid}: that uid now belongs to '{squatter}'. Its files in the jail belong to that uid; move the other account to a free uid, or remove it.", plan.Error);
        Assert.False(applied.Succeeded);
        Assert.NotEqual(0, (await HostCommand.RunAsync("id", [user])).ExitCode);
    }

    [Fact]
    public async Task Reconcile_reports_files_in_a_jail_that_no_account_owns_without_following_links()
    {
        var user = host.UserName("a");
        var state = Of(Site("orphan.example", User(user)));
        Assert.True((await host.ApplyAsync(state)).Succeeded);
        var html = Path.Combine(host.JailRoot, "example.orphan", "html");
        Directory.CreateDirectory(Path.Combine(html, "sub"));
        await File.WriteAllTextAsync(Path.Combine(html, "sub", "old.txt"), "from a uid that is gone");
        Assert.Equal(0, (await HostCommand.RunAsync("chown", ["-h", "4123456", Path.Combine(html, "sub", "old.txt")])).ExitCode);
        var outside = Path.Combine(host.BaseDir, "outside");
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "elsewhere.txt"), "x");
        Assert.Equal(0, (await HostCommand.RunAsync("chown", ["4123457", Path.Combine(outside, "elsewhere.txt")])).ExitCode);
        File.CreateSymbolicLink(Path.Combine(html, "link"), outside);

        var drift = await host.Engine.ReconcileAsync(state);

        var step = Assert.Single(drift.Drift);
        Assert.Equal(html, step.Target);
        Assert.Contains("1 file(s) owned by uid 4123456, which has no account (e.g. sub/old.txt)", step.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("4123457", step.Summary, StringComparison.Ordinal);
    }

    private static async Task<string> UidAsync(string user)
    {
        var id = await HostCommand.RunAsync("id", ["-u", user]);
        Assert.Equal(0, id.ExitCode);
        return id.StandardOutput.Trim();
    }
}
