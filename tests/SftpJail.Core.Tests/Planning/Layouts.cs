using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Planning;

/// <summary>Host profiles and empty hosts for planner tests.</summary>
internal static class Layouts
{
    /// <summary>A dedicated-sshd host whose roles do not overlap, all under <paramref name="baseDir"/>.</summary>
    public static HostProfileOptions Dedicated(string baseDir) => new()
    {
        SshdMode = "Dedicated",
        StateDir = $"{baseDir}/state",
        JailRoot = $"{baseDir}/sites",
        AuthorizedKeysDir = $"{baseDir}/keys/authorized_keys",
    };

    /// <summary>A host with only the web group and nothing of SftpJail's yet.</summary>
    public static HostSnapshot EmptyHost(params string[] groups) => new(
        new HashSet<string>(["www-data", "sudo", .. groups], StringComparer.Ordinal),
        new Dictionary<string, ObservedUser>(StringComparer.Ordinal),
        new Dictionary<string, ObservedDirectory>(StringComparer.Ordinal),
        new Dictionary<string, string?>(StringComparer.Ordinal),
        [],
        ExecutorManifest.Empty);

    public static DesiredState OneSite(string domain = "shop.example", string user = "shop") =>
        new([new SiteSpec(SiteDomain.Parse(domain), true, [new JailUserSpec(LinuxUserName.Parse(user), false, false, false, [TestKeys.Ed25519(1)])])]);
}
