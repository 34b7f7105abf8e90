using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

/// <summary>
/// Users that never got a password, on the dedicated sshd (<c>UsePAM no</c>): "no password" must not read as "locked",
/// or sshd refuses their keys too. Disabling is what locks.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class KeyOnlyLoginTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private JailHost host = null!;
    private string keyFile = null!;
    private string publicKey = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        (keyFile, publicKey) = await ClientKey.CreateAsync(host.BaseDir, "customer@laptop");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_key_only_user_without_a_password_logs_in_with_its_key_and_not_with_a_password()
    {
        var user = host.UserName("k");
        var applied = await host.ApplyAsync(Of(Site("nopass.example", User(user, keyOnly: true, keys: publicKey))));
        Assert.True(applied.Succeeded, applied.Error);

        var withKey = await host.Client.SftpWithKeyAsync(user, keyFile, "pwd");
        var withPassword = await host.Client.SftpWithPasswordAsync(user, Password, "pwd");

        Assert.True(withKey.ExitCode == 0, withKey.All);
        Assert.Contains("Remote working directory: /html", withKey.StandardOutput);
        Assert.NotEqual(0, withPassword.ExitCode);
    }

    [Fact]
    public async Task A_user_with_only_a_key_logs_in_with_it()
    {
        var user = host.UserName("p");
        var applied = await host.ApplyAsync(Of(Site("keyed.example", User(user, keys: publicKey))));
        Assert.True(applied.Succeeded, applied.Error);

        var withKey = await host.Client.SftpWithKeyAsync(user, keyFile, "pwd");

        Assert.True(withKey.ExitCode == 0, withKey.All);
    }

    [Fact]
    public async Task An_account_an_earlier_version_left_locked_with_a_bare_bang_is_repaired_and_its_key_works()
    {
        var user = host.UserName("l");
        var state = Of(Site("legacy.example", User(user, keyOnly: true, keys: publicKey)));
        Assert.True((await host.ApplyAsync(state)).Succeeded);
        Assert.Equal(0, (await HostCommand.RunAsync("usermod", ["--password", "!", user])).ExitCode);
        Assert.NotEqual(0, (await host.Client.SftpWithKeyAsync(user, keyFile, "pwd")).ExitCode);

        var drift = await host.Engine.ReconcileAsync(state);
        var repaired = await host.ApplyAsync(state);

        Assert.Contains(drift.Drift, s => s.Target == user && s.Summary.Contains("no password instead of a locked one", StringComparison.Ordinal));
        Assert.True(repaired.Succeeded, repaired.Error);
        Assert.Equal("*", (await HostCommand.RunAsync("getent", ["shadow", user])).StandardOutput.Split(':')[1]);
        Assert.Equal(0, (await host.Client.SftpWithKeyAsync(user, keyFile, "pwd")).ExitCode);
        Assert.True((await host.Engine.ReconcileAsync(state)).InSync);
    }

    [Fact]
    public async Task A_disabled_key_only_user_is_refused_with_its_key_and_a_password()
    {
        var user = host.UserName("d");
        Assert.True((await host.ApplyAsync(Of(Site("off-keys.example", User(user, keyOnly: true, keys: publicKey))))).Succeeded);
        Assert.Equal(0, (await host.Client.SftpWithKeyAsync(user, keyFile, "pwd")).ExitCode);

        var disabled = await host.ApplyAsync(Of(Site("off-keys.example", User(user, keyOnly: true, disabled: true, keys: publicKey))), new PasswordChange(user, Password));

        Assert.True(disabled.Succeeded, disabled.Error);
        Assert.NotEqual(0, (await host.Client.SftpWithKeyAsync(user, keyFile, "pwd")).ExitCode);
        Assert.NotEqual(0, (await host.Client.SftpWithPasswordAsync(user, Password, "pwd")).ExitCode);
    }
}
