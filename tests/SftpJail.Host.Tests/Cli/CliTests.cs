using System.Text.Json;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Cli;

[Collection(HostCollection.Name)]
public sealed class CliTests : IAsyncLifetime
{
    private const string Password = "a-long-cli-password-7";
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Site_add_with_a_password_on_stdin_gives_a_working_jailed_login_and_an_audit_row()
    {
        var cli = new CliRunner(host);
        var user = host.UserName("c");

        var added = await cli.RunAsync(Password + "\n", "site", "add", "cli.example", "--user", user, "--password-stdin");
        var login = await host.Client.SftpWithPasswordAsync(user, Password, "pwd");
        var audit = await cli.RunAsync(null, "audit", "list", "--json");

        Assert.True(added.ExitCode == 0, added.All);
        Assert.Contains("Remote working directory: /html", login.StandardOutput);
        Assert.Contains("\"site.add\"", audit.StandardOutput);
        Assert.DoesNotContain(Password, audit.StandardOutput);
        Assert.DoesNotContain(Password, added.All);
    }

    [Fact]
    public async Task Hostile_input_exits_2_with_one_clear_line_and_changes_nothing()
    {
        var cli = new CliRunner(host);

        var result = await cli.RunAsync(null, "site", "add", "evil.example", "--user", "bad%user");
        var list = await cli.RunAsync(null, "site", "list", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error:", result.StandardError.Trim());
        Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.Contains("%", result.StandardError);
        Assert.DoesNotContain("evil.example", list.StandardOutput);
        Assert.False(Directory.Exists(Path.Combine(host.JailRoot, "example.evil")));
    }

    [Fact]
    public async Task A_config_sshd_rejects_makes_the_cli_exit_non_zero_and_the_audit_row_says_why()
    {
        var cli = new CliRunner(host);
        var user = host.UserName("c");
        Assert.Equal(0, (await cli.RunAsync(Password + "\n", "site", "add", "first.example", "--user", user, "--password-stdin")).ExitCode);
        var dropIn = await File.ReadAllTextAsync(host.DropInPath);
        cli.Environment["SFTPJAIL_Host__Ciphers__0"] = "no-such-cipher@example.org";

        var refused = await cli.RunAsync(null, "site", "add", "second.example", "--user", host.UserName("d"));
        cli.Environment.Remove("SFTPJAIL_Host__Ciphers__0");
        var audit = JsonDocument.Parse((await cli.RunAsync(null, "audit", "list", "--json")).StandardOutput).RootElement;
        var sites = (await cli.RunAsync(null, "site", "list", "--json")).StandardOutput;

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("sshd -t rejected", refused.StandardError);
        Assert.Equal(dropIn, await File.ReadAllTextAsync(host.DropInPath));
        Assert.Equal(0, (await host.Client.SftpWithPasswordAsync(user, Password, "pwd")).ExitCode);
        Assert.DoesNotContain("second.example", sites);
        var failed = audit.EnumerateArray().Single(e => e.GetProperty("target").GetString() == "second.example");
        Assert.Equal("failed", failed.GetProperty("result").GetString());
        Assert.Contains("sshd -t rejected", failed.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Reconcile_exits_1_and_names_a_user_deleted_by_hand_and_apply_repairs_it()
    {
        var cli = new CliRunner(host);
        var user = host.UserName("c");
        Assert.Equal(0, (await cli.RunAsync(null, "site", "add", "drift.example", "--user", user)).ExitCode);
        Assert.Equal(0, (await HostCommand.RunAsync("userdel", [user])).ExitCode);

        var drift = await cli.RunAsync(null, "reconcile");
        var repaired = await cli.RunAsync(null, "apply");
        var after = await cli.RunAsync(null, "reconcile");

        Assert.Equal(1, drift.ExitCode);
        Assert.True(drift.StandardOutput.Contains(user, StringComparison.Ordinal), $"reconcile did not name {user}: stdout '{drift.StandardOutput}', stderr '{drift.StandardError}'");
        Assert.Equal(0, repaired.ExitCode);
        Assert.Equal(0, after.ExitCode);
        Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", user])).ExitCode);
    }
}
