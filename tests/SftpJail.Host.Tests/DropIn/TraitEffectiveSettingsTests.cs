using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Planning;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Host.Tests.Hardening;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.DropIn;

/// <summary>
/// The system-mode drop-in on a stand-in for the host's own sshd, with real accounts in the groups TargetBuilder gives
/// them: <c>sshd -T -C user=…</c> shows, for every combination of traits, the jail, authentication and ForceCommand
/// that combination requires; admins and an enrolling admin keep their own settings. Real logins prove the admin parts.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TraitEffectiveSettingsTests : IAsyncLifetime
{
    private const string Password = "trait-pass-7Q";
    private HardenedSshdHost host = null!;

    public async Task InitializeAsync() => host = await HardenedSshdHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_trait_combination_gets_the_jail_authentication_and_force_command_it_requires(bool hardened)
    {
        var profile = host.Profile with { AdminGroup = host.AdminGroup, SshdVersion = SshdVersion.Parse(HardenedSshdHost.SshdVersionText()) };
        var admin = await host.CreateAdminAsync("adm");
        var enrolling = await host.CreateAdminAsync("enr", Password);
        var (adminKeyFile, adminKey) = await host.NewClientKeyAsync("admin_key");
        var dto = new DesiredStateDto(
            TraitMatrix.Sites(host),
            [new AdminDto(admin.Value, [adminKey]), new AdminDto(enrolling.Value, [])],
            hardened ? HardeningDto.Recommended : null,
            new EnrolmentDto(enrolling.Value, DateTimeOffset.UtcNow.AddMinutes(10)));
        var desired = DesiredStateParser.Parse(dto, profile);
        var target = TargetBuilder.Build(desired, profile);
        await TraitMatrix.CreateAccountsAsync(target, profile);

        await host.WriteManagedKeysAsync(admin.Value, adminKey);
        var dropIn = SshdDropInRenderer.Render(desired, profile);
        var traits = SshdTraitsRenderer.Render(desired, profile);
        string[] everyone = [.. target.Users.Select(u => u.Name.Value), admin.Value, enrolling.Value];

        // The drop-in with the trait blocks inline, as before the traits file: every setting of every user stays the same.
        await host.StartAsync(TraitMatrix.Inlined(dropIn, traits));
        var before = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var user in everyone)
        {
            before[user] = await host.EffectiveAsync(user);
        }

        await host.WriteTraitsAsync(traits);
        await host.StartAsync(dropIn);
        foreach (var user in everyone)
        {
            var now = await host.EffectiveAsync(user);
            Assert.True(before[user].OrderBy(p => p.Key).SequenceEqual(now.OrderBy(p => p.Key)),
                $"{user}: {string.Join(", ", now.Where(p => before[user].GetValueOrDefault(p.Key) != p.Value).Select(p => $"{p.Key} {before[user].GetValueOrDefault(p.Key)} -> {p.Value}"))}");
        }

        for (var i = 0; i < TraitMatrix.Combinations.Count; i++)
        {
            var (readOnly, keyOnly, disabled, siteEnabled) = TraitMatrix.Combinations[i];
            var name = TraitMatrix.UserName(host, i);
            var what = TraitMatrix.Describe(host, i);
            var settings = await host.EffectiveAsync(name);
            var groups = (await HostCommand.RunAsync("id", ["-nG", name])).StandardOutput.Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

            Assert.True(settings["chrootdirectory"] == "%h", what);
            Assert.True(settings["forcecommand"] == (readOnly ? TraitMatrix.ReadOnlyForceCommand : TraitMatrix.ForceCommand), $"{what}: {settings["forcecommand"]}");
            Assert.True(settings["passwordauthentication"] == (keyOnly ? "no" : "yes"), $"{what}: passwordauthentication {settings["passwordauthentication"]}");
            if (keyOnly || hardened)
            {
                Assert.True(settings["kbdinteractiveauthentication"] == "no", what);
            }

            Assert.True(settings["authorizedkeysfile"] == profile.AuthorizedKeysDir.Value + "/%u", what);
            Assert.True((settings["permittty"], settings["allowtcpforwarding"], settings["x11forwarding"]) == ("no", "no", "no"), what);
            Assert.True(settings.GetValueOrDefault("disableforwarding") == (hardened ? "yes" : "no"), what);
            Assert.True(settings["denygroups"] == profile.DisabledGroup.Value, what);
            Assert.True(groups.Contains(profile.DisabledGroup.Value) == (disabled || !siteEnabled), $"{what}: groups {string.Join(',', groups)}");
        }

        var adminSettings = await host.EffectiveAsync(admin.Value);
        var enrollingSettings = await host.EffectiveAsync(enrolling.Value);
        Assert.Equal(("none", "none"), (adminSettings["chrootdirectory"], adminSettings["forcecommand"]));
        Assert.Equal(hardened ? "no" : "yes", adminSettings["passwordauthentication"]);
        Assert.Equal($".ssh/authorized_keys {profile.AuthorizedKeysDir.Value}/%u", adminSettings["authorizedkeysfile"]);
        Assert.Equal(("none", "yes"), (enrollingSettings["chrootdirectory"], enrollingSettings["passwordauthentication"]));

        // Without the traits file (and with it empty) a read-only or key-only member gets no password and no key file:
        // no login at all; everyone else keeps every setting.
        foreach (var missing in new[] { null, string.Empty })
        {
            await host.WriteTraitsAsync(missing);
            for (var i = 0; i < TraitMatrix.Combinations.Count; i++)
            {
                var (readOnly, keyOnly, _, _) = TraitMatrix.Combinations[i];
                var name = TraitMatrix.UserName(host, i);
                var settings = await host.EffectiveAsync(name);
                if (readOnly || keyOnly)
                {
                    Assert.True((settings["authenticationmethods"], settings["authorizedkeysfile"], settings["forcecommand"]) == ("publickey", "none", TraitMatrix.ReadOnlyForceCommand),
                        $"{TraitMatrix.Describe(host, i)}, traits file {(missing is null ? "missing" : "empty")}: {settings["authenticationmethods"]}, {settings["authorizedkeysfile"]}, {settings["forcecommand"]}");
                }
                else
                {
                    Assert.True(before[name].OrderBy(p => p.Key).SequenceEqual(settings.OrderBy(p => p.Key)), TraitMatrix.Describe(host, i));
                }
            }

            foreach (var user in new[] { admin.Value, enrolling.Value })
            {
                Assert.True(before[user].OrderBy(p => p.Key).SequenceEqual((await host.EffectiveAsync(user)).OrderBy(p => p.Key)), user);
            }
        }

        await host.WriteTraitsAsync(traits);
        var adminShell = await host.SshAsync(admin.Value, adminKeyFile, null, "id -un");
        var enrolled = await host.SshAsync(enrolling.Value, null, Password, "id -un");
        Assert.True(adminShell.ExitCode == 0, adminShell.All);
        Assert.Equal(admin.Value, adminShell.StandardOutput.Trim());
        Assert.True(enrolled.ExitCode == 0, enrolled.All);
        Assert.Equal(enrolling.Value, enrolled.StandardOutput.Trim());
    }
}
