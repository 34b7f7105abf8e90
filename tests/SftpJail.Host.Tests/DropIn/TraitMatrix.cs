using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Host.Tests.Hardening;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.DropIn;

/// <summary>One user's traits: read-only × key-only × disabled user × disabled site.</summary>
internal readonly record struct Traits(bool ReadOnly, bool KeyOnly, bool Disabled, bool SiteEnabled);

/// <summary>
/// Every combination of traits, one site and one user each (user <c>u{i}</c> of site <c>s{i}.example</c>), and their
/// real accounts made with useradd in the groups TargetBuilder gives them: what the effective-settings tests read
/// <c>sshd -T -C user=…</c> for.
/// </summary>
internal static class TraitMatrix
{
    public const string ForceCommand = "internal-sftp -l INFO -u 0027 -d /html -Psymlink,hardlink";
    public const string ReadOnlyForceCommand = "internal-sftp -R -l INFO -u 0027 -d /html -Psymlink,hardlink";

    public static IReadOnlyList<Traits> Combinations { get; } =
        Enumerable.Range(0, 16).Select(i => new Traits((i & 1) != 0, (i & 2) != 0, (i & 4) != 0, (i & 8) == 0)).ToList();

    public static List<SiteDto> Sites(HardenedSshdHost host) =>
        Combinations.Select((c, i) => new SiteDto($"s{i}.example", c.SiteEnabled, [new JailUserDto(UserName(host, i), c.ReadOnly, c.KeyOnly, c.Disabled, [])])).ToList();

    public static string UserName(HardenedSshdHost host, int combination) => host.UserName($"u{combination}");

    public static string Describe(HardenedSshdHost host, int combination)
    {
        var (readOnly, keyOnly, disabled, siteEnabled) = Combinations[combination];
        return $"{UserName(host, combination)} (read-only {readOnly}, key-only {keyOnly}, disabled {disabled}, site enabled {siteEnabled})";
    }

    /// <summary>The target's groups (all but the jail group, which the host made) and its accounts, as the executor would make them.</summary>
    public static async Task CreateAccountsAsync(HostTarget target, HostProfile profile)
    {
        foreach (var group in target.Groups.Where(g => g != profile.JailGroup).Concat(target.SiteGroups.Select(g => g.Name)))
        {
            await MustAsync("groupadd", "--", group.Value);
        }

        foreach (var user in target.Users)
        {
            await MustAsync("useradd", "-M", "-d", user.Home.Value, "-s", user.Shell.Value, "-G", string.Join(',', user.Groups.Select(g => g.Value)), "--", user.Name.Value);
        }
    }

    /// <summary>
    /// The drop-in as rendered before the traits file: its read-only and key-only blocks inline, where the drop-in now
    /// has the Match line that includes them (with its fallback lines), and without the traits file's last block.
    /// </summary>
    public static string Inlined(string dropIn, string traits)
    {
        var blocks = traits[(traits.IndexOf("\n\n", StringComparison.Ordinal) + 2)..(traits.IndexOf("\n# Last:", StringComparison.Ordinal))];
        var start = dropIn.IndexOf("# Read-only and key-only users:", StringComparison.Ordinal);
        var end = dropIn.IndexOf("\n\n", start, StringComparison.Ordinal) + 1;
        return dropIn[..start] + blocks + dropIn[end..];
    }

    private static async Task MustAsync(string file, params string[] args)
    {
        var result = await HostCommand.RunAsync(file, args);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)}: {result.All}");
    }
}
