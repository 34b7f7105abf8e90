namespace SftpJail.Core.Model;

/// <summary>
/// The groups SftpJail configures and relies on. A jailed account may not share a name with any of them: useradd
/// would give it a same-named private group or fail, and every rule that reads "member of group X" would become
/// ambiguous for whoever reads the host's files (the admin group in particular grants sudo).
/// </summary>
public static class ConfiguredGroups
{
    /// <summary>Which configured group <paramref name="name"/> is (e.g. "the admin group 'wheel'"), or null when it is none.</summary>
    public static string? Role(HostProfile profile, string name)
    {
        (Values.LinuxGroupName Group, string Role)[] groups =
        [
            (profile.AdminGroup, "admin group"),
            (profile.JailGroup, "jail group"),
            (profile.ReadOnlyGroup, "read-only group"),
            (profile.KeyOnlyGroup, "key-only group"),
            (profile.DisabledGroup, "disabled group"),
            (profile.WebGroup, "web server group"),
        ];
        return groups.Where(g => string.Equals(g.Group.Value, name, StringComparison.Ordinal)).Select(g => $"the {g.Role} '{g.Group.Value}'").FirstOrDefault();
    }
}
