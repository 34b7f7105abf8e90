using System.Security.Cryptography;
using System.Text;
using SftpJail.Core.Model;

namespace SftpJail.Core.Planning;

/// <summary>The part of a host target that belongs to one site: its directories, its users and their files.</summary>
public sealed record SiteSlice(string Site, IReadOnlyList<DirectoryTarget> Directories, IReadOnlyList<JailUserTarget> Users, IReadOnlyList<ManagedFile> Files)
{
    /// <summary>
    /// A digest of everything the slice asks of the host (owners, modes, ACLs, file bytes, account settings) and of
    /// <paramref name="extra"/> (what the executor renders for the site besides, such as its vhost). Two equal digests
    /// mean the site wants the host exactly as it wanted it before.
    /// </summary>
    public string Digest(string? extra = null)
    {
        var text = new StringBuilder();
        foreach (var dir in Directories)
        {
            text.Append("d\t").Append(dir.Path.Value).Append('\t').Append(dir.Owner).Append('\t').Append(dir.Group).Append('\t').Append(dir.Mode)
                .Append('\t').Append(dir.MustBeRootOwnedChain).Append('\t').Append(dir.Acl?.Describe(dir.Mode)).Append('\n');
        }

        foreach (var user in Users)
        {
            text.Append("u\t").Append(user.Name.Value).Append('\t').Append(user.Home.Value).Append('\t').Append(user.Shell.Value).Append('\t')
                .AppendJoin(',', user.Groups.Select(g => g.Value)).Append('\t').Append(user.Expired).Append('\n');
        }

        foreach (var file in Files)
        {
            text.Append("f\t").Append(file.Path.Value).Append('\t').Append(file.Role).Append('\t').Append(file.Owner).Append('\t').Append(file.Group)
                .Append('\t').Append(file.Mode).Append('\t').Append(file.CreateOnly).Append('\t')
                .Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(file.Content)))).Append('\n');
        }

        text.Append("x\t").Append(extra).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>
/// Cuts a host target into one slice per site (everything else — the configured groups, the base directories, the sshd
/// files, the admins' keys — is shared), so an apply can tell which sites a change touches by comparing digests.
/// </summary>
public static class SiteSlices
{
    /// <param name="only">Slice just these sites (those an executor does not remember); null slices every site.</param>
    public static IReadOnlyDictionary<string, SiteSlice> Of(HostTarget target, HostProfile profile, IReadOnlySet<string>? only = null)
    {
        bool Wanted(string site) => only is null || only.Contains(site);
        var siteOfDir = new Dictionary<string, string>(StringComparer.Ordinal);
        var siteOfFile = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var site in target.Sites.Where(s => Wanted(s.Value)))
        {
            siteOfDir[profile.ChrootFor(site).Value] = site.Value;
            siteOfDir[profile.UploadDirFor(site).Value] = site.Value;
            siteOfFile[profile.UploadDirFor(site).Combine("index.html").Value] = site.Value;
        }

        var users = target.Users.Where(u => Wanted(u.Site.Value)).ToLookup(u => u.Site.Value, StringComparer.Ordinal);
        foreach (var user in users.SelectMany(site => site))
        {
            siteOfFile[profile.AuthorizedKeysFileFor(user.Name).Value] = user.Site.Value;
        }

        var dirs = target.SiteDirectories.Where(d => siteOfDir.ContainsKey(d.Path.Value)).ToLookup(d => siteOfDir[d.Path.Value], StringComparer.Ordinal);
        var files = target.Files.Where(f => f.Role != FileRole.SshdConfig && siteOfFile.ContainsKey(f.Path.Value))
            .ToLookup(f => siteOfFile[f.Path.Value], StringComparer.Ordinal);
        return target.Sites.Select(s => s.Value).Where(Wanted).Distinct(StringComparer.Ordinal).ToDictionary(
            site => site,
            site => new SiteSlice(site, [.. dirs[site]], [.. users[site]], [.. files[site]]),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The sites a change touches: those whose digest differs from (or is missing in) <paramref name="applied"/>, and the
    /// applied ones that are no longer wanted.
    /// </summary>
    public static IReadOnlySet<string> Touched(IReadOnlyDictionary<string, string> wanted, IReadOnlyDictionary<string, string> applied)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (site, digest) in wanted)
        {
            if (!applied.TryGetValue(site, out var before) || before != digest)
            {
                touched.Add(site);
            }
        }

        touched.UnionWith(applied.Keys.Where(site => !wanted.ContainsKey(site)));
        return touched;
    }
}
