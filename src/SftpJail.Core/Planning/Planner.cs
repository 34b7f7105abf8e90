using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;

namespace SftpJail.Core.Planning;

/// <summary>
/// Compares a target with what the executor observed and lists the changes, in an order that is safe to run:
/// groups, directories, accounts, files, sshd (validated, reloaded), and only then removals.
/// The executor makes one directory at a time, so every directory comes after every targeted ancestor. A directory
/// whose parent is neither a target nor present is refused before anything changes: that parent is the
/// administrator's (/var/lib, /etc/ssh), and SftpJail does not guess its owner and mode.
/// </summary>
public static class Planner
{
    /// <param name="admins">The admin accounts wanted and what the host has for them; null leaves admin accounts alone.</param>
    public static HostPlan Plan(HostTarget target, HostSnapshot host, HostProfile profile, IReadOnlyCollection<LinuxUserName> passwordChanges, AdminPlanInput? admins = null)
    {
        // Only accounts SftpJail recorded creating are its own. Membership of the jail group proves nothing: an admin
        // migrating from a hand-made setup (or a JailGroup like "users") has accounts SftpJail must never delete.
        if (DirectoryRoles.FindConflict(DirectoryRoles.For(profile)) is { } roleConflict)
        {
            throw new PlanRefusedException(roleConflict.Message);
        }

        TargetConflicts.Refuse(target);
        SiteGroupPlanning.RefuseClashes(target, profile);
        var managedUsers = new HashSet<string>(host.Manifest.Users, StringComparer.Ordinal);
        RefuseForeignAccounts(target, host, managedUsers);
        SiteGroupPlanning.RefuseForeignMembers(target, host, managedUsers);
        RefuseMissingParents(target, host);
        if (!host.ExistingGroups.Contains(profile.WebGroup.Value) && target.SiteDirectories.Any(d => d.Acl?.ReadOnlyGroup == profile.WebGroup))
        {
            throw new PlanRefusedException($"The web server group '{profile.WebGroup}' does not exist on this host. Install the web server or set Host:WebGroup.");
        }

        var actions = new List<HostAction>();
        actions.AddRange(target.Groups.Where(g => !host.ExistingGroups.Contains(g.Value)).Select(g => new CreateGroupAction(g)));
        actions.AddRange(SiteGroupPlanning.Creations(target, host));
        actions.AddRange(DirectoryActions(target.BaseDirectories, host));
        foreach (var user in target.Users)
        {
            if (!host.Users.TryGetValue(user.Name.Value, out var observed))
            {
                actions.Add(new CreateUserAction(user));
                continue;
            }

            var differences = Differences(user, observed);
            if (differences.Count > 0)
            {
                actions.Add(new UpdateUserAction(user, observed, differences));
            }
        }

        var (adminCreates, adminRemovals) = admins is null ? ([], []) : AdminPlanner.Plan(admins.Wanted, admins.Observed, profile.AdminGroup);
        actions.AddRange(adminCreates);

        var siteDirActions = DirectoryActions(target.SiteDirectories, host);
        actions.AddRange(siteDirActions);
        actions.AddRange(SiteGroupPlanning.Conversions(target, host, profile));
        var newDirs = siteDirActions.Where(a => !a.Observed.Exists).Select(a => a.Target.Path).ToHashSet();

        var desiredNames = target.Users.Select(u => u.Name.Value).ToHashSet(StringComparer.Ordinal);
        var passwordNames = desiredNames.Concat(admins?.Wanted.Select(a => a.Name.Value) ?? []).ToHashSet(StringComparer.Ordinal);
        actions.AddRange(passwordChanges.Where(p => passwordNames.Contains(p.Value)).Select(p => new SetPasswordAction(p)));

        foreach (var file in target.Files.Where(f => f.Role != FileRole.SshdConfig))
        {
            var current = host.Files.GetValueOrDefault(file.Path.Value);
            if (file.CreateOnly ? current is null && newDirs.Contains(file.Path.Parent!) : current != file.Content)
            {
                actions.Add(new WriteFileAction(file, current));
            }
        }

        var wantedKeyFiles = target.Files.Where(f => f.Role == FileRole.AuthorizedKeys).Select(f => f.Path.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in host.ExistingAuthorizedKeysFiles.Where(p => !wantedKeyFiles.Contains(p.Value)))
        {
            actions.Add(new RemoveFileAction(stale, FileRole.AuthorizedKeys, host.Files.GetValueOrDefault(stale.Value)));
        }

        // Accounts (trait-group memberships, expiry) change above, before the drop-in is written and sshd reloaded. On the
        // first apply after the per-user Match User blocks, every user is already in its groups while the old blocks still
        // apply until the reload, and the new blocks only ever see the new memberships: at no moment can a disabled user
        // log in or a key-only user use a password. If sshd rejects the new drop-in, the old one is restored and the extra
        // memberships are harmless to it. After that, a trait change is a usermod only; the drop-in stays byte-identical.
        var sshdWrites = target.Files
            .Where(f => f.Role == FileRole.SshdConfig && host.Files.GetValueOrDefault(f.Path.Value) != f.Content)
            .Select(f => new WriteFileAction(f, host.Files.GetValueOrDefault(f.Path.Value)))
            .ToList();
        actions.AddRange(sshdWrites);
        if (sshdWrites.Count > 0)
        {
            actions.Add(new ReloadSshdAction());
        }

        actions.AddRange(managedUsers
            .Where(name => !desiredNames.Contains(name) && host.Users.ContainsKey(name))
            .Order(StringComparer.Ordinal)
            .Select(name => new RemoveUserAction(LinuxUserName.Parse(name))));

        actions.AddRange(adminRemovals);

        var desiredSites = target.Sites.Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in host.Manifest.Sites.Where(s => !desiredSites.Contains(s)).Order(StringComparer.Ordinal))
        {
            var domain = SiteDomain.Parse(gone);
            var chroot = profile.ChrootFor(domain);
            if (host.Directories.GetValueOrDefault(chroot.Value) is { Exists: true })
            {
                actions.Add(new ArchiveSiteAction(domain, chroot, profile.ArchiveDir));
            }
        }

        actions.AddRange(SiteGroupPlanning.Removals(target, host, profile));

        return new HostPlan(actions);
    }

    /// <summary>A customer name must never take over an account SftpJail did not create (root's sudoers friend "deploy", say).</summary>
    private static void RefuseForeignAccounts(HostTarget target, HostSnapshot host, HashSet<string> managedUsers)
    {
        foreach (var user in target.Users)
        {
            if (host.Users.ContainsKey(user.Name.Value) && !managedUsers.Contains(user.Name.Value))
            {
                throw new PlanRefusedException($"The account '{user.Name}' already exists on this host and is not managed by SftpJail; choose another username.");
            }
        }
    }

    /// <summary>
    /// The parent of a directory to be created must be targeted (then it is made first) or be there already. Only a
    /// parent the executor looked at and found missing is refused; one it did not look at is left to the executor.
    /// </summary>
    private static void RefuseMissingParents(HostTarget target, HostSnapshot host)
    {
        var targeted = target.BaseDirectories.Concat(target.SiteDirectories).Select(d => d.Path.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var dir in target.BaseDirectories.Concat(target.SiteDirectories))
        {
            if (dir.Path.Parent is { } parent && !targeted.Contains(parent.Value)
                && host.Directories.GetValueOrDefault(dir.Path.Value) is not { Exists: true }
                && host.Directories.GetValueOrDefault(parent.Value) is { Exists: false })
            {
                throw new PlanRefusedException(
                    $"Cannot create {dir.Path} ({dir.Purpose}): its parent {parent} does not exist, and SftpJail does not manage it. Create it first.");
            }
        }
    }

    /// <summary>Ancestors first: a path is deeper than each of its ancestors, and the sort is stable, so otherwise the target's order stays.</summary>
    private static IEnumerable<DirectoryTarget> ParentsFirst(IEnumerable<DirectoryTarget> targets) =>
        targets.OrderBy(d => d.Path.Value == "/" ? 0 : d.Path.Value.Count(c => c == '/'));

    private static List<EnsureDirectoryAction> DirectoryActions(IEnumerable<DirectoryTarget> targets, HostSnapshot host)
    {
        var actions = new List<EnsureDirectoryAction>();
        foreach (var dir in ParentsFirst(targets))
        {
            var observed = host.Directories.GetValueOrDefault(dir.Path.Value) ?? new ObservedDirectory(dir.Path, false, false, null, null, 0);
            if (!observed.Exists || !observed.IsRealDirectory || observed.Owner != dir.Owner || observed.Group != dir.Group || observed.Mode != dir.Mode
                || (dir.Acl is { } acl && observed.Acl != acl.Describe(dir.Mode)))
            {
                actions.Add(new EnsureDirectoryAction(dir, observed));
            }
        }

        return actions;
    }

    private static List<string> Differences(JailUserTarget want, ObservedUser have)
    {
        var differences = new List<string>();
        if (have.Home != want.Home.Value)
        {
            differences.Add($"home {have.Home} → {want.Home}");
        }

        if (have.Shell != want.Shell.Value)
        {
            differences.Add($"shell {have.Shell} → {want.Shell}");
        }

        var wantGroups = want.Groups.Select(g => g.Value).Order(StringComparer.Ordinal).ToList();
        var haveGroups = have.Groups.Order(StringComparer.Ordinal).ToList();
        if (!wantGroups.SequenceEqual(haveGroups))
        {
            differences.Add($"groups {string.Join(',', haveGroups)} → {string.Join(',', wantGroups)}");
        }

        if (have.Expired != want.Expired)
        {
            differences.Add(want.Expired ? "disable login" : "enable login");
        }

        return differences;
    }
}

/// <summary>The admin accounts a plan must converge: what is wanted, and what the executor found for those names.</summary>
public sealed record AdminPlanInput(IReadOnlyList<AdminAccountSpec> Wanted, AdminObservation Observed);
