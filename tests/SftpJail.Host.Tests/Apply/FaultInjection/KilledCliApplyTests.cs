using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Apply.FaultInjection;

/// <summary>
/// A real <c>kill -9</c>: the `sftpjail` CLI (which runs the executor in its own process) is killed by SIGKILL right
/// after its useradd, through the test-only TestFaultInjection settings. The next CLI run finds the account locked,
/// reports the interrupted apply, adopts the account and converges.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class KilledCliApplyTests : IAsyncLifetime
{
    private const string Password = "a-long-cli-password-7";
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_cli_apply_killed_after_useradd_leaves_a_locked_account_that_the_next_run_adopts_and_converges()
    {
        var cli = new CliRunner(host);
        var keeper = host.UserName("k");
        var user = host.UserName("x");
        Assert.Equal(0, (await cli.RunAsync(Password + "\n", "site", "add", "base.example", "--user", keeper, "--password-stdin")).ExitCode);
        cli.Environment["SFTPJAIL_TestFaultInjection__Enabled"] = "true";
        cli.Environment["SFTPJAIL_TestFaultInjection__KillAtPoint"] = "after CreateUser";

        var killed = await cli.RunAsync(Password + "\n", "site", "add", "killed.example", "--user", user, "--password-stdin");
        cli.Environment.Remove("SFTPJAIL_TestFaultInjection__Enabled");
        cli.Environment.Remove("SFTPJAIL_TestFaultInjection__KillAtPoint");
        var expiry = (await HostCommand.RunAsync("getent", ["shadow", user])).StandardOutput.Trim().Split(':')[7];
        var loginWhileKilled = await host.Client.SftpWithPasswordAsync(user, Password, "pwd");
        var reconcile = await cli.RunAsync(null, "reconcile");
        var applied = await cli.RunAsync(null, "apply");
        var passwdAfterApply = await File.ReadAllTextAsync("/etc/passwd");
        var sites = (await cli.RunAsync(null, "site", "list", "--json")).StandardOutput;
        var retried = await cli.RunAsync(Password + "\n", "site", "add", "killed.example", "--user", user, "--password-stdin");
        var login = await host.Client.SftpWithPasswordAsync(user, Password, "pwd");
        var clean = await cli.RunAsync(null, "reconcile");

        Assert.Equal(137, killed.ExitCode);
        Assert.Equal("1", expiry);
        Assert.NotEqual(0, loginWhileKilled.ExitCode);
        Assert.True(reconcile.ExitCode == 1 && reconcile.All.Contains("has not finished", StringComparison.Ordinal), reconcile.All);
        Assert.True(applied.ExitCode == 0, applied.All);
        Assert.DoesNotContain("killed.example", sites);
        Assert.True(!passwdAfterApply.Contains(user + ":", StringComparison.Ordinal), reconcile.All + "\n" + applied.All);
        Assert.True(retried.ExitCode == 0, retried.All);
        Assert.Contains("Remote working directory: /html", login.StandardOutput);
        Assert.True(clean.ExitCode == 0, clean.All);
    }
}
