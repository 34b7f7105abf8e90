using SftpJail.Core.Model;

namespace SftpJail.Core.Planning;

/// <summary>
/// One directory a host setting makes SftpJail keep, with the owner and mode that setting needs.
/// <paramref name="Reached"/>: logins or the web server must get through it as an unprivileged user (sshd reads
/// authorized_keys as the customer; nginx walks into each chroot), so no directory that keeps others out may enclose it.
/// <paramref name="HoldsOnly"/>: what the directory is reserved for; no other role may lie at or below it.
/// </summary>
public sealed record DirectoryRole(string Setting, DirectoryTarget Target, bool Reached = false, string? HoldsOnly = null)
{
    /// <summary>The configuration key behind <see cref="Setting"/> ("Host:AuthorizedKeysDir" for "the parent of Host:AuthorizedKeysDir").</summary>
    public string Field => Setting.Split(' ').First(word => word.StartsWith("Host:", StringComparison.Ordinal) || word.StartsWith("WebServer:", StringComparison.Ordinal));
}

/// <summary>
/// Two directory roles that cannot both hold (<see cref="Message"/> names both settings, <see cref="First"/> first), or
/// one role that cannot hold at all (a system directory: <see cref="Second"/> is null).
/// </summary>
public sealed record RoleConflict(DirectoryRole First, DirectoryRole? Second, string Message);

/// <summary>
/// The single table of base directories a host profile implies. <see cref="TargetBuilder"/> turns it into the target,
/// and <see cref="HostProfileOptions.ToProfile"/> refuses a configuration whose roles collide, with the same rule.
/// </summary>
public static class DirectoryRoles
{
    public const int RootDir = 0b111_101_101; // 0755
    public const int PrivateDir = 0b111_000_000; // 0700

    public static IReadOnlyList<DirectoryRole> For(HostProfile profile)
    {
        var roles = new List<DirectoryRole>
        {
            new("Host:JailRoot", Root(profile.JailRoot, chain: true), Reached: true, HoldsOnly: "the sites' chroots"),
            new("the parent of Host:AuthorizedKeysDir", Root(ParentOf(profile.AuthorizedKeysDir), chain: true), Reached: true),
            new("Host:AuthorizedKeysDir", Root(profile.AuthorizedKeysDir, chain: true), Reached: true, HoldsOnly: "one authorized_keys file per user"),
            new("Host:StateDir", Private(profile.StateDir)),
            new("the archive directory inside Host:StateDir", Private(profile.ArchiveDir)),
        };
        if (profile.Mode == SshdMode.Dedicated)
        {
            roles.Add(new("the parent of Host:SshdMainConfigPath", Root(ParentOf(profile.SshdMainConfigPath))));
        }

        roles.Add(new("the parent of Host:SshdDropInPath", Root(ParentOf(profile.SshdDropInPath))));
        return roles;
    }

    /// <summary>
    /// The directories a managed web server's settings name (what the executor writes or the daemon keeps there). Only
    /// for <see cref="FindConflict"/> with the host's roles: the web server's own controller makes them, not the planner.
    /// </summary>
    public static IReadOnlyList<DirectoryRole> ForWebServer(WebServerProfile web)
    {
        if (!web.IsManaged)
        {
            return [];
        }

        var roles = new List<DirectoryRole>
        {
            new("WebServer:ConfigRoot", Root(web.ConfigRoot)),
            new("the vhost directory inside WebServer:ConfigRoot", Root(web.SitesDir)),
            new("WebServer:LogDir", Root(web.LogDir)),
        };
        if (web.EnabledDir is { } enabled)
        {
            roles.Add(new("the sites-enabled directory inside WebServer:ConfigRoot", Root(enabled)));
        }

        return roles;
    }

    /// <summary>The first pair of roles that cannot both hold, described for an administrator; null when none.</summary>
    public static RoleConflict? FindConflict(IReadOnlyList<DirectoryRole> roles)
    {
        if (SystemDirectories.Find(roles) is { } system)
        {
            return system;
        }

        // Two roles on one directory first: that is the plainest thing to tell an administrator.
        foreach (var nestedPass in new[] { false, true })
        {
            for (var i = 0; i < roles.Count; i++)
            {
                for (var j = 0; j < roles.Count; j++)
                {
                    var (a, b) = (roles[i], roles[j]);
                    var samePath = a.Target.Path == b.Target.Path;
                    var problem = i == j || samePath == nestedPass ? null
                        : samePath ? (i > j ? SamePath(a, b) : null)
                        : Nested(a, b);
                    if (problem is not null)
                    {
                        return problem.StartsWith(a.Setting + " ", StringComparison.Ordinal) ? new RoleConflict(a, b, problem) : new RoleConflict(b, a, problem);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The directory targets for the roles: roles that share a directory and demand the same of it are one target
    /// (with every chain demand); roles that demand different things stay apart, for the planner to refuse.
    /// </summary>
    public static IReadOnlyList<DirectoryTarget> Targets(IReadOnlyList<DirectoryRole> roles) => roles
        .GroupBy(r => (r.Target.Path.Value, r.Target.Owner, r.Target.Group, r.Target.Mode))
        .Select(g => g.First().Target with
        {
            MustBeRootOwnedChain = g.Any(r => r.Target.MustBeRootOwnedChain),
            Purpose = string.Join(" and ", g.Select(r => r.Setting)),
        })
        .ToList();

    internal static string Demand(DirectoryTarget target) =>
        $"{target.Owner}:{target.Group} {HostAction.Octal(target.Mode)}{(target.Acl is { } acl ? $" readable by {acl.ReadOnlyGroup}" : string.Empty)}";

    internal static bool SameDemand(DirectoryTarget a, DirectoryTarget b) => a.Owner == b.Owner && a.Group == b.Group && a.Mode == b.Mode && a.Acl == b.Acl;

    private static string? SamePath(DirectoryRole a, DirectoryRole b) => SameDemand(a.Target, b.Target)
        ? Reserved(a, b) ?? Reserved(b, a)
        : $"{a.Setting} and {b.Setting} are the same directory ({a.Target.Path}), but {a.Setting} must be {Demand(a.Target)} and {b.Setting} " +
          $"{Demand(b.Target)}: applying both would change it back and forth. Give them different directories.";

    /// <summary>Whether <paramref name="inner"/> may lie strictly below <paramref name="outer"/>.</summary>
    private static string? Nested(DirectoryRole outer, DirectoryRole inner)
    {
        if (!inner.Target.Path.IsWithin(outer.Target.Path))
        {
            return null;
        }

        if (inner.Reached && (outer.Target.Mode & 0b000_000_001) == 0)
        {
            return $"{inner.Setting} ({inner.Target.Path}) is inside {outer.Setting} ({outer.Target.Path}), which is {Demand(outer.Target)}: " +
                   "logins and the web server could not reach it. Move one out of the other.";
        }

        return Reserved(outer, inner);
    }

    /// <summary><paramref name="b"/> lies at or below <paramref name="a"/>: wrong only when <paramref name="a"/> is reserved for something else.</summary>
    private static string? Reserved(DirectoryRole a, DirectoryRole b) => a.HoldsOnly is null
        ? null
        : $"{b.Setting} ({b.Target.Path}) is {(a.Target.Path == b.Target.Path ? "the same directory as" : "inside")} {a.Setting} ({a.Target.Path}), which holds only {a.HoldsOnly}. " +
          "Move it elsewhere.";

    // "/" has no parent; naming "/" itself lets the system-directory rule refuse it by name.
    private static Values.AbsolutePath ParentOf(Values.AbsolutePath path) => path.Parent ?? path;

    private static DirectoryTarget Root(Values.AbsolutePath path, bool chain = false) => new(path, "root", "root", RootDir, chain);

    private static DirectoryTarget Private(Values.AbsolutePath path) => new(path, "root", "root", PrivateDir);
}
