using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;
using SftpJail.Executor.Hardening;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Hardening;

/// <summary>The rendered hardening lines on a real sshd whose main config is shaped like Debian's (drop-in included first).</summary>
[Collection(HostCollection.Name)]
public sealed class HardenedLoginTests : IAsyncLifetime
{
    private const string AdminPassword = "admin-horse-battery-42";
    private const string JailPassword = "jail-horse-battery-42";
    private HardenedSshdHost host = null!;

    public async Task InitializeAsync() => host = await HardenedSshdHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task With_the_profile_root_is_refused_admins_are_key_only_and_jailed_users_keep_passwords_and_the_jail()
    {
        var admin = await host.CreateAdminAsync("a1", AdminPassword);
        var (adminKeyFile, adminKey) = await host.NewClientKeyAsync("admin_key");
        await host.WriteManagedKeysAsync(admin.Value, adminKey);
        var jailed = await host.CreateJailedUserAsync("j1", JailPassword);
        var (rootKeyFile, rootKey) = await host.NewClientKeyAsync("root_key");
        await File.WriteAllTextAsync($"{host.Profile.AuthorizedKeysDir}/root", rootKey + "\n");
        // A distribution-like main config that would let root in with a key and everyone in with a password.
        string[] permissiveMain = [$"AuthorizedKeysFile .ssh/authorized_keys {host.Profile.AuthorizedKeysDir}/%u", "PasswordAuthentication yes", "PermitRootLogin prohibit-password"];
        var rootLocked = (await File.ReadAllLinesAsync("/etc/shadow")).Single(l => l.StartsWith("root:", StringComparison.Ordinal)).Split(':')[1].StartsWith('!');

        await host.StartAsync(HardenedDropIn.Compose(null, host.Context), permissiveMain);
        var rootKeyWithoutProfile = await host.SshAsync("root", rootKeyFile, null);
        var adminPasswordWithoutProfile = await host.SshAsync(admin.Value, null, AdminPassword);
        await host.StartAsync(HardenedDropIn.Compose(SshHardening.Recommended, host.Context), permissiveMain);

        // Controls: the same sshd without the profile lets both in, so the refusals below are the profile's doing.
        if (!rootLocked)
        {
            Assert.True(rootKeyWithoutProfile.ExitCode == 0, rootKeyWithoutProfile.All);
        }

        Assert.True(adminPasswordWithoutProfile.ExitCode == 0, adminPasswordWithoutProfile.All);
        Assert.NotEqual(0, (await host.SshAsync("root", rootKeyFile, null)).ExitCode);
        Assert.NotEqual(0, (await host.SshAsync("root", null, "any-root-password-attempt")).ExitCode);
        var adminWithKey = await host.SshAsync(admin.Value, adminKeyFile, null, "id -un");
        Assert.True(adminWithKey.ExitCode == 0, adminWithKey.All);
        Assert.Equal(admin.Value, adminWithKey.StandardOutput.Trim());
        Assert.NotEqual(0, (await host.SshAsync(admin.Value, null, AdminPassword)).ExitCode);
        var jailedSession = await host.SftpWithPasswordAsync(jailed.Value, JailPassword, "pwd", "cd /", "ls -a");
        Assert.True(jailedSession.ExitCode == 0, jailedSession.All);
        Assert.Contains("Remote working directory: /html", jailedSession.StandardOutput);
        Assert.DoesNotContain("etc", jailedSession.StandardOutput);
        Assert.NotEqual(0, (await host.SshAsync(jailed.Value, null, JailPassword, "id")).ExitCode);

        var rootSettings = await host.EffectiveAsync("root");
        var adminSettings = await host.EffectiveAsync(admin.Value);
        var jailedSettings = await host.EffectiveAsync(jailed.Value);
        Assert.Equal(("no", "no"), (rootSettings["permitrootlogin"], rootSettings["passwordauthentication"]));
        Assert.Equal(("no", $".ssh/authorized_keys {host.Profile.AuthorizedKeysDir}/%u"), (adminSettings["passwordauthentication"], adminSettings["authorizedkeysfile"]));
        Assert.Equal(("yes", "%h", "yes"), (jailedSettings["passwordauthentication"], jailedSettings["chrootdirectory"], jailedSettings["disableforwarding"]));
        Assert.Equal($"{host.AdminGroup} {host.Profile.JailGroup}", rootSettings["allowgroups"]);
    }

    [Fact]
    public async Task An_open_enrolment_window_lets_only_the_named_admin_use_a_password()
    {
        var newcomer = await host.CreateAdminAsync("n1", AdminPassword);
        var other = await host.CreateAdminAsync("o1", AdminPassword);
        var window = EnrolmentWindow.Open(newcomer, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);

        await host.StartAsync(HardenedDropIn.Compose(SshHardening.Recommended, host.Context, window));
        var newcomerWhileOpen = await host.SshAsync(newcomer.Value, null, AdminPassword, "id -un");
        var otherWhileOpen = await host.SshAsync(other.Value, null, AdminPassword);
        await host.StartAsync(HardenedDropIn.Compose(SshHardening.Recommended, host.Context, window with { ExpiresAtUtc = DateTimeOffset.UtcNow.AddSeconds(-1) }));
        var newcomerAfter = await host.SshAsync(newcomer.Value, null, AdminPassword);

        Assert.True(newcomerWhileOpen.ExitCode == 0, newcomerWhileOpen.All);
        Assert.Equal(newcomer.Value, newcomerWhileOpen.StandardOutput.Trim());
        Assert.NotEqual(0, otherWhileOpen.ExitCode);
        Assert.NotEqual(0, newcomerAfter.ExitCode);
    }

    [Fact]
    public async Task Failed_logins_from_the_real_sshd_log_are_counted_per_user_and_address()
    {
        var admin = await host.CreateAdminAsync("a1", AdminPassword);
        var (adminKeyFile, adminKey) = await host.NewClientKeyAsync("admin_key");
        await host.WriteManagedKeysAsync(admin.Value, adminKey);
        await host.StartAsync(HardenedDropIn.Compose(SshHardening.Recommended with { DenyPasswordLogin = false }, host.Context));

        await host.SshAsync(admin.Value, null, "wrong-1");
        await host.SshAsync(admin.Value, null, "wrong-2");
        await host.SshAsync(host.UserName("nobody"), null, "wrong-3");
        Assert.Equal(0, (await host.SshAsync(admin.Value, adminKeyFile, null)).ExitCode);
        var now = DateTimeOffset.UtcNow;
        var report = FailedLoginReader.Summarise("test", (await host.LogLinesAsync()).Select(line => (now, line)));

        var adminFailures = Assert.Single(report.Failures, f => f.User == admin.Value);
        var unknown = Assert.Single(report.Failures, f => f.User == host.UserName("nobody"));
        Assert.Equal((2, "127.0.0.1", false), (adminFailures.Attempts, adminFailures.Address, adminFailures.UnknownUser));
        Assert.Equal((1, true), (unknown.Attempts, unknown.UnknownUser));
        var accepted = Assert.Single(report.AcceptedKeys);
        Assert.Equal((admin.Value, SshPublicKey.Parse(adminKey).Fingerprint), (accepted.User, accepted.Fingerprint));
    }
}
