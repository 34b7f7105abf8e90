using SftpJail.Core.Contract;
using SftpJail.Executor.Hardening;
using SftpJail.Executor.Processes;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.DropIn;

/// <summary>
/// sshd silently skips a missing Include. With the traits file gone or emptied (and sshd reloaded: it reads included
/// files at start and reload), read-only and key-only members cannot log in at all, by key or password, on the real
/// dedicated sshd; a plain member is unaffected, and the next apply puts the file back.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TraitsFileFailClosedTests : IAsyncLifetime
{
    private const string Password = "traits-gone-8Rk";
    private JailHost host = null!;
    private string keyFile = null!;
    private string publicKey = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        (keyFile, publicKey) = await ClientKey.CreateAsync(host.BaseDir, "traits@test");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Without_the_traits_file_read_only_and_key_only_members_cannot_log_in_and_plain_ones_are_unchanged(bool removed)
    {
        string plain = host.UserName("p"), keyOnly = host.UserName("k"), readOnly = host.UserName("r"), both = host.UserName("kr");
        var state = Of(Site("traits.example",
            User(plain, keys: publicKey), User(keyOnly, keyOnly: true, keys: publicKey), User(readOnly, readOnly: true, keys: publicKey),
            User(both, readOnly: true, keyOnly: true, keys: publicKey)));
        var applied = await host.ApplyAsync(state, [.. new[] { plain, keyOnly, readOnly, both }.Select(u => new PasswordChange(u, Password))]);
        Assert.True(applied.Succeeded, applied.Error);
        var traitsPath = host.Profile.SshdTraitsPath.Value;
        var traits = await File.ReadAllTextAsync(traitsPath);
        var effective = new EffectiveSshdSettings(host.Profile, new ProcessRunner());
        var plainBefore = await effective.ForUserAsync(Core.Values.LinuxUserName.Parse(plain), CancellationToken.None);

        Assert.True((await host.Client.SftpWithKeyAsync(keyOnly, keyFile, "pwd")).ExitCode == 0, "key-only by key, with the file");
        Assert.True((await host.Client.SftpWithPasswordAsync(readOnly, Password, "pwd")).ExitCode == 0, "read-only by password, with the file");

        if (removed)
        {
            File.Delete(traitsPath);
        }
        else
        {
            await File.WriteAllTextAsync(traitsPath, string.Empty);
        }

        await SshdReload.HupAsync(host);

        foreach (var member in new[] { keyOnly, readOnly, both })
        {
            var settings = await effective.ForUserAsync(Core.Values.LinuxUserName.Parse(member), CancellationToken.None);
            Assert.Equal(("publickey", "none"), (settings["authenticationmethods"], settings["authorizedkeysfile"]));
            Assert.Equal(("%h", TraitMatrix.ReadOnlyForceCommand), (settings["chrootdirectory"], settings["forcecommand"]));

            var byPassword = await host.Client.SftpWithPasswordAsync(member, Password, "pwd");
            var byKey = await host.Client.SftpWithKeyAsync(member, keyFile, "pwd");
            Assert.True(byPassword.ExitCode != 0 && !byPassword.StandardOutput.Contains("Remote working directory", StringComparison.Ordinal), $"{member} by password: {byPassword.All}");
            Assert.True(byKey.ExitCode != 0 && !byKey.StandardOutput.Contains("Remote working directory", StringComparison.Ordinal), $"{member} by key: {byKey.All}");
        }

        var plainAfter = await effective.ForUserAsync(Core.Values.LinuxUserName.Parse(plain), CancellationToken.None);
        Assert.True(plainBefore.OrderBy(p => p.Key).SequenceEqual(plainAfter.OrderBy(p => p.Key)), "a plain member's settings do not depend on the traits file");
        Assert.True((await host.Client.SftpWithPasswordAsync(plain, Password, "pwd")).ExitCode == 0, "plain by password, without the file");

        var repaired = await host.ApplyAsync(state);
        Assert.True(repaired.Succeeded, repaired.Error);
        Assert.Equal(traits, await File.ReadAllTextAsync(traitsPath));
        Assert.True((await host.Client.SftpWithKeyAsync(keyOnly, keyFile, "pwd")).ExitCode == 0, "key-only by key, after the repair");
        Assert.NotEqual(0, (await host.Client.SftpWithPasswordAsync(keyOnly, Password, "pwd")).ExitCode);
    }
}
