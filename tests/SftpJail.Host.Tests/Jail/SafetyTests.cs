using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

[Collection(HostCollection.Name)]
public sealed class SafetyTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_symlink_planted_in_html_is_not_followed_when_ownership_is_fixed()
    {
        var owner = host.UserName("a");
        var next = host.UserName("b");
        Assert.True((await host.ApplyAsync(Of(Site("link.example", User(owner))), new PasswordChange(owner, Password))).Succeeded);
        var victim = Path.Combine(host.BaseDir, "root-only.conf");
        await File.WriteAllTextAsync(victim, "secret");
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // internal-sftp -P symlink refuses the customer's link over SFTP, but one can still appear in html/ by other means
        // (the site's own code, a restored backup): plant it directly, owned by the customer, then html/ needs a new owner.
        var refused = await host.Client.SftpWithPasswordAsync(owner, Password, $"-symlink {victim} /html/sftp-link.txt");
        Assert.Contains("Permission denied", refused.All);
        var link = Path.Combine(host.JailRoot, "example.link", "html", "innocent.txt");
        File.CreateSymbolicLink(link, victim);
        Assert.Equal(0, (await HostCommand.RunAsync("chown", ["-h", $"{owner}:{owner}", link])).ExitCode);
        var chowned = await host.ApplyAsync(Of(Site("link.example", User(next), User(owner))));

        Assert.True(chowned.Succeeded, chowned.Error);
        Assert.Contains(chowned.Applied, s => s.Kind == PlanStepKind.FixDirectory && s.Target.EndsWith("/html", StringComparison.Ordinal));
        Assert.Equal("0 0", await OwnerAsync(victim));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(victim));
    }

    [Fact]
    public async Task A_symlink_swapped_in_for_html_is_refused_and_its_target_keeps_its_owner()
    {
        var owner = host.UserName("a");
        Assert.True((await host.ApplyAsync(Of(Site("swap.example", User(owner))))).Succeeded);
        var victimDir = Path.Combine(host.BaseDir, "victim");
        Directory.CreateDirectory(victimDir);
        var html = Path.Combine(host.JailRoot, "example.swap", "html");
        Directory.Move(html, html + ".moved");
        File.CreateSymbolicLink(html, victimDir);

        var result = await host.ApplyAsync(Of(Site("swap.example", User(owner))));

        Assert.False(result.Succeeded);
        Assert.Contains("symbolic link", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("0 0", await OwnerAsync(victimDir));
    }

    [Fact]
    public async Task A_config_sshd_rejects_is_never_installed_and_existing_users_keep_working()
    {
        var user = host.UserName("a");
        Assert.True((await host.ApplyAsync(Of(Site("good.example", User(user))), new PasswordChange(user, Password))).Succeeded);
        var before = await File.ReadAllTextAsync(host.DropInPath);
        var broken = host.EngineWith(o => o.Ciphers = ["no-such-cipher@example.org"]);

        var result = await broken.ApplyAsync(Of(Site("good.example", User(user)), Site("new.example", User(host.UserName("n")))), []);

        Assert.False(result.Succeeded);
        Assert.Contains("sshd -t rejected", result.Error);
        Assert.Contains("restored", result.Error);
        Assert.Equal(before, await File.ReadAllTextAsync(host.DropInPath));
        Assert.Equal(0, (await host.Client.SftpWithPasswordAsync(user, Password, "pwd")).ExitCode);
    }

    [Fact]
    public async Task An_account_created_by_an_apply_that_sshd_rejects_stays_unable_to_log_in()
    {
        var user = host.UserName("e");
        var broken = host.EngineWith(o => o.Ciphers = ["no-such-cipher@example.org"]);

        var result = await broken.ApplyAsync(Of(Site("early.example", User(user))), [new PasswordChange(user, Password)]);
        var shadow = (await HostCommand.RunAsync("getent", ["shadow", user])).StandardOutput.Split(':');

        Assert.False(result.Succeeded);
        Assert.Equal("1", shadow[7]);
        Assert.NotEqual(0, (await host.Client.SftpWithPasswordAsync(user, Password, "pwd")).ExitCode);
    }

    [Fact]
    public async Task Applying_the_same_state_twice_changes_nothing_the_second_time()
    {
        var state = Of(Site("twice.example", User(host.UserName("a")), User(host.UserName("r"), readOnly: true)));
        var first = await host.ApplyAsync(state);
        Assert.True(first.Succeeded, first.Error);
        var dropIn = await File.ReadAllTextAsync(host.DropInPath);

        var second = await host.ApplyAsync(state);
        var plan = await host.Engine.PlanAsync(state);

        Assert.True(second.Succeeded, second.Error);
        Assert.Empty(second.Applied);
        Assert.True(plan.IsEmpty, string.Join("\n", plan.Steps));
        Assert.Equal(dropIn, await File.ReadAllTextAsync(host.DropInPath));
    }

    [Fact]
    public async Task Reconcile_reports_a_user_deleted_by_hand_and_a_mode_changed()
    {
        var user = host.UserName("a");
        var state = Of(Site("drift.example", User(user)));
        Assert.True((await host.ApplyAsync(state)).Succeeded);
        Assert.True((await host.Engine.ReconcileAsync(state)).InSync);

        Assert.Equal(0, (await HostCommand.RunAsync("userdel", [user])).ExitCode);
        File.SetUnixFileMode(Path.Combine(host.JailRoot, "example.drift"), (UnixFileMode)0b111_111_111);
        var drift = await host.Engine.ReconcileAsync(state);

        Assert.Contains(drift.Drift, s => s.Kind == PlanStepKind.CreateUser && s.Target == user);
        Assert.Contains(drift.Drift, s => s.Kind == PlanStepKind.FixDirectory && s.Target.EndsWith("example.drift", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_existing_account_SftpJail_did_not_create_is_never_taken_over()
    {
        var foreign = host.UserName("x");
        Assert.Equal(0, (await HostCommand.RunAsync("useradd", ["--no-create-home", foreign])).ExitCode);

        var result = await host.ApplyAsync(Of(Site("take.example", User(foreign))));

        Assert.False(result.Succeeded);
        Assert.Contains("already exists on this host and is not managed by SftpJail", result.Error);
        Assert.DoesNotContain(host.Profile.JailGroup.Value, (await HostCommand.RunAsync("id", ["-nG", foreign])).StandardOutput);
    }

    [Fact]
    public async Task A_hand_made_member_of_the_jail_group_is_never_removed()
    {
        Assert.True((await host.ApplyAsync(Of(Site("own.example", User(host.UserName("a")))))).Succeeded);
        var handMade = host.UserName("h");
        Assert.Equal(0, (await HostCommand.RunAsync("useradd", ["--no-create-home", "-G", host.Profile.JailGroup.Value, handMade])).ExitCode);

        var plan = await host.Engine.PlanAsync(Of(Site("own.example", User(host.UserName("a")))));
        var applied = await host.ApplyAsync(Of());

        Assert.DoesNotContain(plan.Steps, s => s.Target == handMade);
        Assert.True(applied.Succeeded, applied.Error);
        Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", handMade])).ExitCode);
    }

    private static async Task<string> OwnerAsync(string path) =>
        (await HostCommand.RunAsync("stat", ["-c", "%u %g", path])).StandardOutput.Trim();
}
