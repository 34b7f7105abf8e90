using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Hardening;

/// <summary>The admin, hardening and enrolment commands through the real sftpjail process, its database and audit log.</summary>
[Collection(HostCollection.Name)]
public sealed class CliLockdownTests : IAsyncLifetime
{
    private const string JailPassword = "jail-horse-battery-42";
    private LockdownHost lockdown = null!;
    private CliRunner cli = null!;

    private JailHost Host => lockdown.Host;

    public async Task InitializeAsync()
    {
        lockdown = await LockdownHost.CreateAsync();
        cli = new CliRunner(Host, new Dictionary<string, string> { ["SFTPJAIL_Host__AdminGroup"] = lockdown.AdminGroup });
    }

    public async Task DisposeAsync() => await lockdown.DisposeAsync();

    [Fact]
    public async Task Hardening_apply_is_refused_and_audited_until_an_admin_key_works_then_locks_down()
    {
        var admin = Host.UserName("adm");
        var jailed = Host.UserName("j");
        var (keyFile, _) = await lockdown.NewClientKeyAsync("admin_key");
        Assert.Equal(0, (await cli.RunAsync(JailPassword + "\n", "site", "add", "cli-lock.example", "--user", jailed, "--password-stdin")).ExitCode);
        var added = await cli.RunAsync(null, "admin", "add", admin);
        Assert.True(added.ExitCode == 0, added.All);
        var dropInBefore = await File.ReadAllTextAsync(Host.DropInPath);

        var refused = await cli.RunAsync(null, "hardening", "apply");
        var audit = await cli.RunAsync(null, "audit", "list", "--json");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: Not applied: this profile turns off password login and root login", refused.StandardError);
        Assert.Equal(dropInBefore, await File.ReadAllTextAsync(Host.DropInPath));
        Assert.Contains("\"hardening.apply\"", audit.StandardOutput);
        Assert.Contains("\"refused\"", audit.StandardOutput);

        var keyAdded = await cli.RunAsync(null, "admin", "key", "add", admin, "--key-file", keyFile + ".pub");
        var applied = await cli.RunAsync(null, "hardening", "apply", "--crypto", "hardened");
        var list = await cli.RunAsync(null, "admin", "list", "--json");
        var show = await cli.RunAsync(null, "hardening", "show");

        Assert.True(keyAdded.ExitCode == 0, keyAdded.All);
        Assert.True(applied.ExitCode == 0, applied.All);
        Assert.Contains("PasswordAuthentication no", await File.ReadAllTextAsync(Host.DropInPath));
        Assert.Equal(0, (await lockdown.SshAsync(admin, keyFile, null)).ExitCode);
        Assert.Contains("Remote working directory: /html", (await Host.Client.SftpWithPasswordAsync(jailed, JailPassword, "pwd")).StandardOutput);
        Assert.Contains("SHA256:", list.StandardOutput);
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains("profile:   on", show.StandardOutput);
        Assert.Contains("root: permitrootlogin no", show.StandardOutput);
    }

    [Fact]
    public async Task Enrol_open_refuses_a_name_that_is_not_an_admin_and_a_window_over_an_hour()
    {
        var notAdmin = await cli.RunAsync(null, "enrol", "open", Host.UserName("x"), "--minutes", "5");
        var tooLong = await cli.RunAsync(null, "enrol", "open", Host.UserName("x"), "--minutes", "61");

        Assert.Equal(2, notAdmin.ExitCode);
        Assert.Contains("is not an admin", notAdmin.StandardError);
        Assert.Equal(2, tooLong.ExitCode);
    }
}
