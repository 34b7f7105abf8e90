using SftpJail.Core.Model;
using SftpJail.Core.Values;

namespace SftpJail.Core.Planning;

/// <summary>Removes the group of a site that was removed (after its users and its archive): nobody is left in it.</summary>
public sealed record RemoveSiteGroupAction(LinuxGroupName Group, SiteDomain Site) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.RemoveGroup, Group.Value, SiteGroupSteps.RemoveSummary(Site));
}

/// <summary>
/// The summaries of a site group's steps, and the site read back from one: a preview counts a site's own group among
/// that site's steps, and only the planner's own wording says which site a group is for (its name is cut and hashed
/// for a long domain, after a configurable prefix).
/// </summary>
public static class SiteGroupSteps
{
    private const string CreatePrefix = "create the group of site ";
    private const string CreateSuffix = "'s users";
    private const string RemovePrefix = "remove the group of removed site ";

    public static string CreateSummary(SiteDomain site) => CreatePrefix + site.Value + CreateSuffix;

    public static string RemoveSummary(SiteDomain site) => RemovePrefix + site.Value;

    /// <summary>The site whose group <paramref name="step"/> creates or removes; null for any other step.</summary>
    public static string? SiteOf(PlanStep step) => step.Kind switch
    {
        PlanStepKind.CreateGroup when step.Summary.StartsWith(CreatePrefix, StringComparison.Ordinal) && step.Summary.EndsWith(CreateSuffix, StringComparison.Ordinal)
            => step.Summary[CreatePrefix.Length..^CreateSuffix.Length],
        PlanStepKind.RemoveGroup when step.Summary.StartsWith(RemovePrefix, StringComparison.Ordinal) => step.Summary[RemovePrefix.Length..],
        _ => null,
    };
}

/// <summary>
/// Hands what was uploaded into an html/ before site groups (in the web group) to the site's group, after html/ itself
/// changed: each entry gets the web group's read ACL before its group changes, so the web server keeps serving it, and
/// the site's other users can read and change it again (they are no longer in the web group).
/// </summary>
public sealed record ConvertSiteFilesAction(AbsolutePath Html, LinuxGroupName SiteGroup, LinuxGroupName WebGroup, SiteDomain Site) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.FixDirectory, Html.Value,
        $"give the files of site {Site} still in group {WebGroup} to {SiteGroup}, readable by {WebGroup} through an ACL");
}

/// <summary>The planner's part for site groups: what may never be a site group, which to make, which to remove.</summary>
internal static class SiteGroupPlanning
{
    /// <summary>A site group must be its site's alone: not a configured group, not an account's name, not another site's.</summary>
    public static void RefuseClashes(HostTarget target, HostProfile profile)
    {
        var configured = new[] { profile.JailGroup, profile.WebGroup, profile.AdminGroup }.Concat(profile.TraitGroups)
            .Select(g => g.Value).ToHashSet(StringComparer.Ordinal);
        var users = target.Users.Select(u => u.Name.Value).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, SiteDomain>(StringComparer.Ordinal);
        foreach (var group in target.SiteGroups)
        {
            if (configured.Contains(group.Name.Value))
            {
                throw new PlanRefusedException($"Site {group.Site} would get the group '{group.Name}', which is a group the host settings name. Change Host:JailGroup or the domain.");
            }

            if (users.Contains(group.Name.Value))
            {
                throw new PlanRefusedException($"The account '{group.Name}' has the name of site {group.Site}'s group; choose another username.");
            }

            if (seen.TryGetValue(group.Name.Value, out var other) && other != group.Site)
            {
                throw new PlanRefusedException($"Sites {other} and {group.Site} would share the group '{group.Name}'; one of the domains must change.");
            }

            seen.TryAdd(group.Name.Value, group.Site);
        }
    }

    /// <summary>
    /// An existing group of a site's name is used only when everyone in it is an account SftpJail manages (whose
    /// memberships the plan sets): a group someone else made, with their own members, would hand them the site.
    /// </summary>
    public static void RefuseForeignMembers(HostTarget target, HostSnapshot host, IReadOnlySet<string> managedUsers)
    {
        var wanted = target.Users.Select(u => u.Name.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var group in target.SiteGroups.Where(g => host.ExistingGroups.Contains(g.Name.Value)))
        {
            var foreign = host.GroupMembers.GetValueOrDefault(group.Name.Value, [])
                .Where(m => !managedUsers.Contains(m) && !wanted.Contains(m))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (foreign.Count > 0)
            {
                throw new PlanRefusedException(
                    $"The group '{group.Name}' for site {group.Site} already exists on this host with members SftpJail does not manage ({string.Join(", ", foreign)}); remove them or the group first.");
            }
        }
    }

    /// <summary>An html/ found in the web group is one laid out before site groups: its files are converted too.</summary>
    public static IEnumerable<HostAction> Conversions(HostTarget target, HostSnapshot host, HostProfile profile)
    {
        var sites = target.SiteGroups.DistinctBy(g => g.Site.Value).ToDictionary(g => profile.UploadDirFor(g.Site).Value, StringComparer.Ordinal);
        return target.SiteDirectories
            .Where(d => d.Acl is not null && d.Group != profile.WebGroup.Value && sites.ContainsKey(d.Path.Value)
                && host.Directories.GetValueOrDefault(d.Path.Value) is { Exists: true, IsRealDirectory: true } seen && seen.Group == profile.WebGroup.Value)
            .Select(d => new ConvertSiteFilesAction(d.Path, sites[d.Path.Value].Name, profile.WebGroup, sites[d.Path.Value].Site));
    }

    public static IEnumerable<HostAction> Creations(HostTarget target, HostSnapshot host) => target.SiteGroups
        .Where(g => !host.ExistingGroups.Contains(g.Name.Value))
        .DistinctBy(g => g.Name.Value)
        .Select(g => new CreateGroupAction(g.Name, System: false, Purpose: SiteGroupSteps.CreateSummary(g.Site)));

    /// <summary>The groups of managed sites that are gone; after their archive, so their files never show a dead gid while in place.</summary>
    public static IEnumerable<HostAction> Removals(HostTarget target, HostSnapshot host, HostProfile profile)
    {
        var desired = target.Sites.Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
        return host.Manifest.Sites
            .Where(s => !desired.Contains(s))
            .Order(StringComparer.Ordinal)
            .Select(s => (Site: SiteDomain.Parse(s), Group: SiteGroups.For(profile, SiteDomain.Parse(s))))
            .Where(g => host.ExistingGroups.Contains(g.Group.Value) && !target.SiteGroups.Any(t => t.Name == g.Group))
            .Select(g => new RemoveSiteGroupAction(g.Group, g.Site));
    }
}
