using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;
using SftpJail.Executor.Hardening;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Hardening;

[Collection(HostCollection.Name)]
public sealed class KeyLoginProbeTests : IAsyncLifetime
{
    private HardenedSshdHost host = null!;

    public async Task InitializeAsync() => host = await HardenedSshdHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_probe_logs_in_with_a_one_time_key_and_leaves_the_managed_file_as_it_was()
    {
        var admin = await host.CreateAdminAsync("adm");
        var (_, adminKey) = await host.NewClientKeyAsync("admin_key");
        await host.WriteManagedKeysAsync(admin.Value, adminKey);
        var keysFile = host.Profile.AuthorizedKeysFileFor(admin).Value;
        var before = await File.ReadAllBytesAsync(keysFile);
        await host.StartAsync(HardenedDropIn.Compose(null, host.Context));
        var tempBefore = Directory.GetDirectories(Path.GetTempPath(), "sftpjail-probe-*").Length;

        var result = await host.Probe().ProbeAsync(admin, CancellationToken.None);

        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal(before, await File.ReadAllBytesAsync(keysFile));
        Assert.Equal(tempBefore, Directory.GetDirectories(Path.GetTempPath(), "sftpjail-probe-*").Length);
        Assert.Contains(await host.LogLinesAsync(), l => l.StartsWith($"Accepted publickey for {admin} from 127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_probe_fails_when_sshd_does_not_read_the_managed_file_and_removes_the_file_it_created()
    {
        // Not in the admin group: the admin block with AuthorizedKeysFile does not apply, so the managed file is ignored.
        var outsider = await host.CreateAdminAsync("out", inAdminGroup: false);
        await host.StartAsync(HardenedDropIn.Compose(null, host.Context));

        var result = await host.Probe().ProbeAsync(outsider, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("refused", result.Problem);
        Assert.False(File.Exists(host.Profile.AuthorizedKeysFileFor(outsider).Value));
    }

    [Fact]
    public async Task The_guard_refuses_password_off_until_an_admin_key_is_proven_then_allows_it()
    {
        var admin = await host.CreateAdminAsync("adm");
        var (_, adminKey) = await host.NewClientKeyAsync("admin_key");
        var spec = new AdminAccountSpec(admin, [SshPublicKey.Parse(adminKey)]);
        var noLog = new FailedLoginReader(host.Runner, [], journalctl: "/nonexistent/journalctl");
        var guard = new LockoutGuard(host.Profile, host.AdminGroup, host.Probe(), noLog, NullLogger.Instance);
        await host.StartAsync(HardenedDropIn.Compose(null, host.Context with { AdminGroup = LinuxGroupName.Parse(host.UserName("none")) }));

        var noAdmins = await guard.CheckAsync(SshHardening.Recommended, [], CancellationToken.None);
        var keyless = await guard.CheckAsync(SshHardening.Recommended, [spec with { Keys = [] }], CancellationToken.None);
        var notReadBySshd = await guard.CheckAsync(SshHardening.Recommended, [spec], CancellationToken.None);
        var relaxed = await guard.CheckAsync(SshHardening.Recommended with { DenyPasswordLogin = false, DenyRootLogin = false }, [], CancellationToken.None);
        await host.WriteManagedKeysAsync(admin.Value, adminKey);
        await host.StartAsync(HardenedDropIn.Compose(null, host.Context));
        var proven = await guard.CheckAsync(SshHardening.Recommended, [spec], CancellationToken.None);

        Assert.False(noAdmins.Allowed);
        Assert.Contains("manages no admin account", noAdmins.Refusal);
        Assert.False(keyless.Allowed);
        Assert.Contains("has a public key", keyless.Refusal);
        Assert.False(notReadBySshd.Allowed);
        Assert.Contains($"{admin}: a test login with a one-time key was refused", notReadBySshd.Refusal);
        Assert.True(relaxed.Allowed);
        Assert.True(proven.Allowed, proven.Refusal);
        Assert.Contains("one-time key", proven.Evidence);
        Assert.Equal(adminKey + "\n", await File.ReadAllTextAsync(host.Profile.AuthorizedKeysFileFor(admin).Value));
    }

    [Fact]
    public async Task The_guard_explains_an_admin_account_that_does_not_exist_yet()
    {
        var (_, key) = await host.NewClientKeyAsync("k");
        var guard = new LockoutGuard(host.Profile, host.AdminGroup, host.Probe(), new FailedLoginReader(host.Runner, [], "/nonexistent"), NullLogger.Instance);

        var decision = await guard.CheckAsync(SshHardening.Recommended, [new AdminAccountSpec(LinuxUserName.Parse(host.UserName("ghost")), [SshPublicKey.Parse(key)])], CancellationToken.None);

        Assert.False(decision.Allowed);
        Assert.Contains("does not exist on this host yet", decision.Refusal);
    }
}
