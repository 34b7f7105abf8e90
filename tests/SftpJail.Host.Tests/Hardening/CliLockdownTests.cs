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
        // The CLI runs its own engine, which in system mode would call the real systemctl: it drives the dedicated sshd.
        lockdown = await LockdownHost.CreateAsync(dedicated: true);
        cli = new CliRunner(Host, new Dictionary<string, string> { ["SFTPJAIL_Host__AdminGroup"] = lockdown.AdminGroup });
    }

    public async Task DisposeAsync() => await lockdown.DisposeAsync();

    [Fact]
    public async Task On_the_dedicated_sftp_only_sshd_hardening_applies_without_the_admin_guard_and_an_admin_gets_no_shell()
    {
        var admin = Host.UserName("adm");
        var jailed = Host.UserName("j");
        var (keyFile, _) = await lockdown.NewClientKeyAsync("admin_key");
        Assert.Equal(0, (await cli.RunAsync(JailPassword + "\n", "site", "add", "cli-lock.example", "--user", jailed, "--password-stdin")).ExitCode);
        var added = await cli.RunAsync(null, "admin", "add", admin);
        var keyAdded = await cli.RunAsync(null, "admin", "key", "add", admin, "--key-file", keyFile + ".pub");
        Assert.True(added.ExitCode == 0, added.All);
        Assert.True(keyAdded.ExitCode == 0, keyAdded.All);

        var applied = await cli.RunAsync(null, "hardening", "apply", "--crypto", "hardened");
        var audit = await cli.RunAsync(null, "audit", "list", "--json");
        var show = await cli.RunAsync(null, "hardening", "show");
        var dropIn = await File.ReadAllTextAsync(Host.DropInPath);

        Assert.True(applied.ExitCode == 0, applied.All);
        Assert.Contains("PasswordAuthentication no", dropIn);
        Assert.Contains($"\nAllowGroups {Host.Profile.JailGroup}\n", dropIn);
        Assert.DoesNotContain(lockdown.AdminGroup, dropIn);
        Assert.NotEqual(0, (await lockdown.SshAsync(admin, keyFile, null)).ExitCode);
        Assert.Contains("Remote working directory: /html", (await Host.Client.SftpWithPasswordAsync(jailed, JailPassword, "pwd")).StandardOutput);
        Assert.Contains("\"hardening.apply\"", audit.StandardOutput);
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains("profile:   on", show.StandardOutput);
        Assert.Contains("root: permitrootlogin no", show.StandardOutput);
        Assert.DoesNotContain("(none): none", show.StandardOutput);
        Assert.Matches(@"failed logins in the last 24 h(: unknown \(no sshd log source| \((journal|/var/log/\w+)\):)", show.StandardOutput);
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
