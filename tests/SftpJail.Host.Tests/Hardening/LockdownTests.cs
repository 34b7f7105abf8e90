using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Hardening;

/// <summary>The whole feature through the executor engine against its real dedicated sshd.</summary>
[Collection(HostCollection.Name)]
public sealed class LockdownTests : IAsyncLifetime
{
    private const string AdminPassword = "admin-horse-battery-42";
    private const string JailPassword = "jail-horse-battery-42";
    private LockdownHost lockdown = null!;

    private JailHost Host => lockdown.Host;

    public async Task InitializeAsync() => lockdown = await LockdownHost.CreateAsync();

    public async Task DisposeAsync() => await lockdown.DisposeAsync();

    [Fact]
    public async Task With_the_profile_root_is_refused_the_admin_is_key_only_and_the_jailed_user_keeps_password_and_jail()
    {
        var admin = Host.UserName("adm");
        var jailed = Host.UserName("j");
        var (adminKeyFile, adminKey) = await lockdown.NewClientKeyAsync("admin_key");
        var site = Site("lock.example", User(jailed));
        var prepared = await lockdown.ApplyAsync(Of(site) with { Admins = [new AdminDto(admin, [adminKey])], Hardening = HardeningDto.Off },
            new PasswordChange(jailed, JailPassword), new PasswordChange(admin, AdminPassword));
        Assert.True(prepared.Succeeded, prepared.Error);
        Assert.Equal(0, (await lockdown.SshAsync(admin, null, AdminPassword)).ExitCode);

        var locked = await lockdown.ApplyAsync(Of(site) with { Hardening = HardeningDto.Recommended with { CryptoPolicy = "hardened" } });

        Assert.True(locked.Succeeded, locked.Error);
        var (_, strangerKey) = await lockdown.NewClientKeyAsync("root_try");
        Assert.NotEqual(0, (await lockdown.SshAsync("root", Path.Combine(Host.BaseDir, "root_try"), null)).ExitCode);
        Assert.NotEqual(0, (await lockdown.SshAsync("root", null, "any-root-password")).ExitCode);
        var withKey = await lockdown.SshAsync(admin, adminKeyFile, null, "id -un; id -Gn");
        Assert.True(withKey.ExitCode == 0, withKey.All);
        Assert.Contains(lockdown.AdminGroup, withKey.StandardOutput);
        Assert.NotEqual(0, (await lockdown.SshAsync(admin, null, AdminPassword)).ExitCode);
        var jailedSession = await Host.Client.SftpWithPasswordAsync(jailed, JailPassword, "pwd", "cd /", "ls -a");
        Assert.True(jailedSession.ExitCode == 0, jailedSession.All);
        Assert.Contains("Remote working directory: /html", jailedSession.StandardOutput);
        Assert.DoesNotContain("etc", jailedSession.StandardOutput);
        Assert.NotEqual(0, (await Host.Client.SshWithPasswordAsync(jailed, JailPassword, "id")).ExitCode);

        var root = await lockdown.EffectiveAsync("root");
        var adminSettings = await lockdown.EffectiveAsync(admin);
        var jailedSettings = await lockdown.EffectiveAsync(jailed);
        Assert.Equal("no", root["permitrootlogin"]);
        Assert.Equal(("no", $".ssh/authorized_keys {Host.Profile.AuthorizedKeysDir}/%u"), (adminSettings["passwordauthentication"], adminSettings["authorizedkeysfile"]));
        Assert.Equal(("yes", "%h", "yes"), (jailedSettings["passwordauthentication"], jailedSettings["chrootdirectory"], jailedSettings["disableforwarding"]));
        Assert.Equal("chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-gcm@openssh.com,aes128-ctr", adminSettings["ciphers"]);
        Assert.Contains(lockdown.AdminGroup, adminSettings["allowgroups"]);
        _ = strangerKey;
    }

    [Fact]
    public async Task The_guard_refuses_password_off_without_a_working_admin_key_leaves_sshd_untouched_then_allows_it()
    {
        var admin = Host.UserName("adm");
        var jailed = Host.UserName("j");
        var site = Site("guard.example", User(jailed));
        var before = await lockdown.ApplyAsync(Of(site) with { Admins = [new AdminDto(admin, [])], Hardening = HardeningDto.Off }, new PasswordChange(jailed, JailPassword));
        Assert.True(before.Succeeded, before.Error);
        var dropInBefore = await File.ReadAllBytesAsync(Host.DropInPath);

        var refused = await lockdown.ApplyAsync(Of(site) with { Hardening = HardeningDto.Recommended });

        Assert.False(refused.Succeeded);
        Assert.Contains("none of the admin accounts", refused.Error);
        Assert.Empty(refused.Applied);
        Assert.Equal(dropInBefore, await File.ReadAllBytesAsync(Host.DropInPath));
        Assert.Equal(0, (await Host.Client.SftpWithPasswordAsync(jailed, JailPassword, "pwd")).ExitCode);

        var (keyFile, key) = await lockdown.NewClientKeyAsync("admin_key");
        var keyed = await lockdown.ApplyAsync(Of(site) with { Admins = [new AdminDto(admin, [key])] });
        Assert.True(keyed.Succeeded, keyed.Error);
        var allowed = await lockdown.ApplyAsync(Of(site) with { Hardening = HardeningDto.Recommended });

        Assert.True(allowed.Succeeded, allowed.Error);
        Assert.Contains("PasswordAuthentication no", await File.ReadAllTextAsync(Host.DropInPath));
        Assert.Equal(0, (await lockdown.SshAsync(admin, keyFile, null)).ExitCode);
        Assert.Equal(0, (await Host.Client.SftpWithPasswordAsync(jailed, JailPassword, "pwd")).ExitCode);
        Assert.DoesNotContain("sftpjail-lockout-probe", await File.ReadAllTextAsync(Host.Profile.AuthorizedKeysFileFor(Core.Values.LinuxUserName.Parse(admin)).Value));
    }

    [Fact]
    public async Task The_enrolment_window_admits_the_named_admins_password_only_while_open_and_closes_by_itself()
    {
        var newcomer = Host.UserName("new");
        var keeper = Host.UserName("adm");
        var (_, keeperKey) = await lockdown.NewClientKeyAsync("keeper_key");
        AdminDto[] admins = [new AdminDto(keeper, [keeperKey]), new AdminDto(newcomer, [])];
        var prepared = await lockdown.ApplyAsync(Of() with { Admins = admins, Hardening = HardeningDto.Off },
            new PasswordChange(newcomer, AdminPassword), new PasswordChange(keeper, AdminPassword));
        Assert.True(prepared.Succeeded, prepared.Error);
        Assert.True((await lockdown.ApplyAsync(Of() with { Hardening = HardeningDto.Recommended })).Succeeded);
        Assert.NotEqual(0, (await lockdown.SshAsync(newcomer, null, AdminPassword)).ExitCode);
        using var timer = lockdown.NewEnrolmentTimer();
        var closed = new TaskCompletionSource();
        timer.Closed += _ => closed.TrySetResult();
        await timer.StartAsync(CancellationToken.None);

        var opened = await lockdown.ApplyAsync(Of() with { Enrolment = new EnrolmentDto(newcomer, DateTimeOffset.UtcNow.AddSeconds(10)) });
        var newcomerWhileOpen = await lockdown.SshAsync(newcomer, null, AdminPassword, "id -un");
        var keeperWhileOpen = await lockdown.SshAsync(keeper, null, AdminPassword);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var newcomerAfter = await lockdown.SshAsync(newcomer, null, AdminPassword);
        await timer.StopAsync(CancellationToken.None);

        Assert.True(opened.Succeeded, opened.Error);
        Assert.True(newcomerWhileOpen.ExitCode == 0, newcomerWhileOpen.All);
        Assert.Equal(newcomer, newcomerWhileOpen.StandardOutput.Trim());
        Assert.NotEqual(0, keeperWhileOpen.ExitCode);
        Assert.NotEqual(0, newcomerAfter.ExitCode);
        Assert.DoesNotContain($"Match User {newcomer}", await File.ReadAllTextAsync(Host.DropInPath));
        Assert.False(File.Exists(Path.Combine(Host.Profile.StateDir.Value, "enrolment.json")));
    }
}
