using System.Security.Cryptography;
using System.Text;
using SftpJail.Core.Model;
using SftpJail.Core.Values;

namespace SftpJail.Core.Planning;

/// <summary>
/// The group of one site's jailed users: the group of its html/, so only they (and root) write there. Named after the
/// jail group and the domain (<c>sftpjail-site1_com</c>) so an administrator can read <c>ls -l</c>, and fixed for the
/// site's life whoever its first user is. A username may look the same (both allow '_'): the planner refuses that
/// collision, and any clash with a configured group, rather than guessing around it.
/// </summary>
public static class SiteGroups
{
    // The jail group is cut to leave room for a one-letter domain stem, "__" and the hash.
    private const int MaxPrefix = 20;
    private const int HashChars = 8;

    public static LinuxGroupName For(HostProfile profile, SiteDomain domain)
    {
        var prefix = profile.JailGroup.Value[..Math.Min(profile.JailGroup.Value.Length, MaxPrefix)] + "-";
        // '_' never occurs in a domain, so this is one-to-one; "__" (two dots in a row) never occurs either, which
        // keeps the hashed form of a long domain apart from every short one.
        var stem = domain.Value.Replace('.', '_');
        if (prefix.Length + stem.Length <= LinuxNameLength)
        {
            return LinuxGroupName.Parse(prefix + stem, "site group");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(domain.Value)))[..HashChars];
        var room = LinuxNameLength - prefix.Length - 2 - HashChars;
        return LinuxGroupName.Parse(prefix + stem[..room] + "__" + hash, "site group");
    }

    private const int LinuxNameLength = 32;
}

/// <summary>A site's group as the target wants it: made if missing, its members are the site's users.</summary>
public sealed record SiteGroupTarget(LinuxGroupName Name, SiteDomain Site);
