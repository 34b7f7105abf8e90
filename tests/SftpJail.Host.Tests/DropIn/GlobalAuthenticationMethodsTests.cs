using SftpJail.Host.Tests.Hardening;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.DropIn;

/// <summary>
/// The traits file's AuthenticationMethods "any" would override a host-wide AuthenticationMethods for read-only and
/// key-only users, so in system mode a host that sets one is refused at validation: nothing of the new sshd files stays.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class GlobalAuthenticationMethodsTests : IAsyncLifetime
{
    private LockdownHost lockdown = null!;

    public async Task InitializeAsync() => lockdown = await LockdownHost.CreateAsync();

    public async Task DisposeAsync() => await lockdown.DisposeAsync();

    [Fact]
    public async Task A_host_wide_AuthenticationMethods_refuses_the_apply_and_leaves_no_traits_file()
    {
        var profile = lockdown.Host.Profile;
        var main = await File.ReadAllTextAsync(profile.SshdMainConfigPath.Value);
        await File.WriteAllTextAsync(profile.SshdMainConfigPath.Value, main + "AuthenticationMethods publickey,password\n");
        var state = Of(Site("methods.example", User(lockdown.Host.UserName("r"), readOnly: true)));

        var refused = await lockdown.ApplyAsync(state);

        Assert.False(refused.Succeeded);
        Assert.Contains("AuthenticationMethods publickey,password", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(profile.SshdTraitsPath.Value));
        Assert.False(File.Exists(profile.SshdDropInPath.Value));

        await File.WriteAllTextAsync(profile.SshdMainConfigPath.Value, main);
        var applied = await lockdown.ApplyAsync(state);
        Assert.True(applied.Succeeded, applied.Error);
        Assert.True(File.Exists(profile.SshdTraitsPath.Value));
    }
}
