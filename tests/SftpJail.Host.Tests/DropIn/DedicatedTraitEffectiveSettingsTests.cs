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
/// combination is the same, keyword for keyword, as with the previous drop-in that still had the jail group's block.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class DedicatedTraitEffectiveSettingsTests : IAsyncLifetime
{
    private const string ForceCommand = "internal-sftp -l INFO -u 0027 -d /html -Psymlink,hardlink";
    private const string ReadOnlyForceCommand = "internal-sftp -R -l INFO -u 0027 -d /html -Psymlink,hardlink";
    private HardenedSshdHost host = null!;

    public async Task InitializeAsync() => host = await HardenedSshdHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_trait_combination_has_the_same_effective_settings_as_with_the_jail_group_block(bool hardened)
    {
        var profile = host.Profile with { Mode = SshdMode.Dedicated, SshdVersion = SshdVersion.Parse(HardenedSshdHost.SshdVersionText()) };
        var combos = Enumerable.Range(0, 16).Select(i => (ReadOnly: (i & 1) != 0, KeyOnly: (i & 2) != 0, Disabled: (i & 4) != 0, SiteEnabled: (i & 8) == 0)).ToList();
        var dto = new DesiredStateDto(
            combos.Select((c, i) => new SiteDto($"s{i}.example", c.SiteEnabled, [new JailUserDto(host.UserName($"u{i}"), c.ReadOnly, c.KeyOnly, c.Disabled, [])])).ToList(),
            [],
            hardened ? HardeningDto.Recommended : null);
        var desired = DesiredStateParser.Parse(dto, profile);
        var target = TargetBuilder.Build(desired, profile);
        foreach (var group in target.Groups.Where(g => g != profile.JailGroup).Concat(target.SiteGroups.Select(g => g.Name)))
        {
            await Must("groupadd", "--", group.Value);
        }

        foreach (var user in target.Users)
        {
            await Must("useradd", "-M", "-d", user.Home.Value, "-s", user.Shell.Value, "-G", string.Join(',', user.Groups.Select(g => g.Value)), "--", user.Name.Value);
        }

        var dropIn = SshdDropInRenderer.Render(desired, profile);
        Assert.Equal(
            [$"Match Group {profile.ReadOnlyGroup.Value}", $"Match Group {profile.KeyOnlyGroup.Value}", "Match all"],
            dropIn.Split('\n').Where(l => l.StartsWith("Match ", StringComparison.Ordinal)));
        var mainLines = DedicatedMainSettings(profile);
        Assert.Contains($"AllowGroups {profile.JailGroup.Value}", mainLines);

        await host.StartAsync(PreviousDropIn(dropIn, profile), mainLines);
        var before = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var user in target.Users)
        {
            before[user.Name.Value] = await host.EffectiveAsync(user.Name.Value);
        }

        await host.StartAsync(dropIn, mainLines);
        for (var i = 0; i < combos.Count; i++)
        {
            var (readOnly, keyOnly, disabled, siteEnabled) = combos[i];
            var name = host.UserName($"u{i}");
            var what = $"{name} (read-only {readOnly}, key-only {keyOnly}, disabled {disabled}, site enabled {siteEnabled})";
            var settings = await host.EffectiveAsync(name);

            Assert.True(before[name].OrderBy(p => p.Key).SequenceEqual(settings.OrderBy(p => p.Key)),
                $"{what}: {string.Join(", ", settings.Where(p => before[name].GetValueOrDefault(p.Key) != p.Value).Select(p => $"{p.Key} {before[name].GetValueOrDefault(p.Key)} -> {p.Value}"))}");
            Assert.True(settings["chrootdirectory"] == "%h", what);
            Assert.True(settings["forcecommand"] == (readOnly ? ReadOnlyForceCommand : ForceCommand), $"{what}: {settings["forcecommand"]}");
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

    private static async Task Must(string file, params string[] args)
    {
        var result = await HostCommand.RunAsync(file, args);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)}: {result.All}");
    }
}
