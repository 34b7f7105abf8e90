using SftpJail.Core.Model;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;

namespace SftpJail.Core.Planning;

/// <summary>Renders a desired state into the complete host target.</summary>
public static class TargetBuilder
{
    private const int RootDir = DirectoryRoles.RootDir;
    private const int UploadDir = 0b010_111_111_000; // 02770: setgid keeps uploads in the site's group
    private const int PublicFile = 0b110_100_100; // 0644
    private const int SiteFile = 0b110_100_000; // 0640: the owner, the site's users and (by the inherited ACL) the web server

    /// <param name="now">Decides whether an enrolment window is still open (default: the current time).</param>
    public static HostTarget Build(DesiredState state, HostProfile profile, IEnumerable<ManagedFile>? extraFiles = null, DateTimeOffset? now = null)
    {
        var baseDirs = DirectoryRoles.Targets(DirectoryRoles.For(profile));
        var users = new List<JailUserTarget>();
        var siteDirs = new List<DirectoryTarget>();
        var siteGroups = new List<SiteGroupTarget>();
        // The traits file before the drop-in that includes it: the sshd files are written in this order, then reloaded once.
        var files = new List<ManagedFile>
        {
            new(profile.SshdTraitsPath, SshdTraitsRenderer.Render(state, profile), FileRole.SshdConfig) { Purpose = "Host:SshdTraitsPath" },
            new(profile.SshdDropInPath, SshdDropInRenderer.Render(state, profile, now), FileRole.SshdConfig) { Purpose = "Host:SshdDropInPath" },
        };
        if (profile.Mode == SshdMode.Dedicated)
        {
            files.Add(new(profile.SshdMainConfigPath, DedicatedSshdConfigRenderer.Render(profile, DedicatedSshdPaths.For(profile)), FileRole.SshdConfig)
            { Purpose = "Host:SshdMainConfigPath" });
        }

        foreach (var site in state.Sites)
        {
            var chroot = profile.ChrootFor(site.Domain);
            siteDirs.Add(new(chroot, "root", "root", RootDir, MustBeRootOwnedChain: true) { Purpose = $"the chroot of site {site.Domain}" });
            var uploadDir = profile.UploadDirFor(site.Domain);
            var siteGroup = SiteGroups.For(profile, site.Domain);
            siteGroups.Add(new(siteGroup, site.Domain));

            // Only the site's own users write html/ (its group); the web server reads through the ACL and writes nothing.
            siteDirs.Add(new(uploadDir, site.Owner?.Name.Value ?? "root", siteGroup.Value, UploadDir)
            { Purpose = $"the web root of site {site.Domain}", Acl = new DirectoryAcl(profile.WebGroup) });
            files.Add(new(uploadDir.Combine("index.html"), PlaceholderPageRenderer.Render(site.Domain), FileRole.SitePlaceholder,
                site.Owner?.Name.Value ?? "root", siteGroup.Value, SiteFile)
            { CreateOnly = true, Purpose = $"the placeholder page of site {site.Domain}" });
            foreach (var user in site.Users)
            {
                // Expiry stays as a second lock behind the disabled group (DenyGroups): either alone refuses every login.
                users.Add(new(user.Name, site.Domain, chroot, profile.NologinShell, GroupsFor(user, site, siteGroup, profile), Expired: user.Disabled || !site.Enabled));
                if (user.Keys.Count > 0)
                {
                    files.Add(new(profile.AuthorizedKeysFileFor(user.Name), AuthorizedKeysRenderer.Render(user), FileRole.AuthorizedKeys, Mode: PublicFile)
                    { Purpose = $"the authorized_keys file of user {user.Name}" });
                }
            }
        }

        files.AddRange(state.Admins.Where(a => a.HasKey).Select(admin =>
            new ManagedFile(profile.AuthorizedKeysFileFor(admin.Name), AuthorizedKeysRenderer.Render(admin), FileRole.AuthorizedKeys, Mode: PublicFile)
            { Purpose = $"the authorized_keys file of admin {admin.Name}" }));
        files.AddRange(extraFiles ?? []);
        return new HostTarget([profile.JailGroup, .. profile.TraitGroups], baseDirs, users, siteDirs, files, state.Sites.Select(s => s.Domain).ToList())
        {
            SiteGroups = siteGroups,
        };
    }

    /// <summary>
    /// A jailed user's traits as group memberships, which is all the drop-in looks at, and its site's group (never the
    /// web group: that would let it read what the web server may). Read-only users keep the site group to read html/
    /// (02770); internal-sftp -R is what refuses their writes.
    /// </summary>
    private static List<LinuxGroupName> GroupsFor(JailUserSpec user, SiteSpec site, LinuxGroupName siteGroup, HostProfile profile)
    {
        var groups = new List<LinuxGroupName> { profile.JailGroup, siteGroup };
        if (user.Disabled || !site.Enabled)
        {
            groups.Add(profile.DisabledGroup);
        }

        if (user.ReadOnly)
        {
            groups.Add(profile.ReadOnlyGroup);
        }

        if (user.KeyOnly)
        {
            groups.Add(profile.KeyOnlyGroup);
        }

        return groups;
    }
}
