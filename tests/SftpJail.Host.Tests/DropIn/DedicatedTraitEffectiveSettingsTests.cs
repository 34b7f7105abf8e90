using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Planning;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Host.Tests.Hardening;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.DropIn;

/// <summary>
/// The dedicated sshd's drop-in ends with the jail on <c>Match all</c> instead of <c>Match Group &lt;jail&gt;</c> (one
/// group lookup less per login; its main config admits only the jail group). On the real sshd, with the dedicated main
/// config's settings and real accounts in the groups TargetBuilder gives them, <c>sshd -T -C user=…</c> of every trait
/// combination is the same, keyword for keyword, as with the drop-ins before: the trait blocks inline (now an included
/// traits file) and the jail group's own block.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class DedicatedTraitEffectiveSettingsTests : IAsyncLifetime
{
    private HardenedSshdHost host = null!;

    public async Task InitializeAsync() => host = await HardenedSshdHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_trait_combination_has_the_same_effective_settings_as_with_the_jail_group_block(bool hardened)
    {
        var profile = host.Profile with { Mode = SshdMode.Dedicated, SshdVersion = SshdVersion.Parse(HardenedSshdHost.SshdVersionText()) };
        var dto = new DesiredStateDto(
            TraitMatrix.Sites(host),
            [],
            hardened ? HardeningDto.Recommended : null);
        var desired = DesiredStateParser.Parse(dto, profile);
        var target = TargetBuilder.Build(desired, profile);
        await TraitMatrix.CreateAccountsAsync(target, profile);

        var dropIn = SshdDropInRenderer.Render(desired, profile);
        var traits = SshdTraitsRenderer.Render(desired, profile);
        Assert.Equal(
            [$"Match Group {profile.ReadOnlyGroup.Value},{profile.KeyOnlyGroup.Value}", "Match all"],
            dropIn.Split('\n').Where(l => l.StartsWith("Match ", StringComparison.Ordinal)));
        var mainLines = DedicatedMainSettings(profile);
        Assert.Contains($"AllowGroups {profile.JailGroup.Value}", mainLines);

        // Two layouts back: trait blocks inline and the jail on its own Match Group line (the previous step's own check).
        await host.StartAsync(PreviousDropIn(TraitMatrix.Inlined(dropIn, traits), profile), mainLines);
        var before = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var user in target.Users)
        {
            before[user.Name.Value] = await host.EffectiveAsync(user.Name.Value);
        }

        await host.WriteTraitsAsync(traits);
        await host.StartAsync(dropIn, mainLines);
        for (var i = 0; i < TraitMatrix.Combinations.Count; i++)
        {
            var (readOnly, keyOnly, _, _) = TraitMatrix.Combinations[i];
            var name = TraitMatrix.UserName(host, i);
            var what = TraitMatrix.Describe(host, i);
            var settings = await host.EffectiveAsync(name);

            Assert.True(before[name].OrderBy(p => p.Key).SequenceEqual(settings.OrderBy(p => p.Key)),
                $"{what}: {string.Join(", ", settings.Where(p => before[name].GetValueOrDefault(p.Key) != p.Value).Select(p => $"{p.Key} {before[name].GetValueOrDefault(p.Key)} -> {p.Value}"))}");
            Assert.True(settings["chrootdirectory"] == "%h", what);
            Assert.True(settings["forcecommand"] == (readOnly ? TraitMatrix.ReadOnlyForceCommand : TraitMatrix.ForceCommand), $"{what}: {settings["forcecommand"]}");
            Assert.True(settings["passwordauthentication"] == (keyOnly ? "no" : "yes"), $"{what}: passwordauthentication {settings["passwordauthentication"]}");
            Assert.True(settings["denygroups"] == profile.DisabledGroup.Value, what);
        }
    }

    /// <summary>The dedicated main config's own settings (HardenedSshdHost writes the port, key, pid file, UsePAM and Subsystem).</summary>
    private static string[] DedicatedMainSettings(HostProfile profile) =>
        DedicatedSshdConfigRenderer.Render(profile, DedicatedSshdPaths.For(profile)).Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Where(l => !new[] { "Include ", "Port ", "ListenAddress ", "HostKey ", "PidFile ", "Subsystem ", "UsePAM " }.Any(p => l.StartsWith(p, StringComparison.Ordinal)))
            .ToArray();

    /// <summary>The drop-in as rendered before: the jail group's own block, then the same jail again on Match all.</summary>
    private static string PreviousDropIn(string dropIn, HostProfile profile)
    {
        var start = dropIn.IndexOf("# Dedicated SFTP-only sshd", StringComparison.Ordinal);
        var jailBlock = dropIn[(dropIn.IndexOf("Match all\n", start, StringComparison.Ordinal) + "Match all\n".Length)..];
        var jailOnly = string.Concat(jailBlock.Split('\n').Where(l => l.Length > 0)
            .Where(l => !l.StartsWith("    DisableForwarding ", StringComparison.Ordinal) && !l.StartsWith("    PasswordAuthentication ", StringComparison.Ordinal))
            .Select(l => l + "\n"));
        return dropIn[..start] + $"Match Group {profile.JailGroup.Value}\n" + jailBlock + "\nMatch all\n" + jailOnly;
    }
}
