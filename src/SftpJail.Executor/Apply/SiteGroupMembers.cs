using SftpJail.Core.Planning;
using SftpJail.Executor.Accounts;

namespace SftpJail.Executor.Apply;

/// <summary>Who is in each existing site group: its listed members and the accounts whose primary group it is (one pass over the accounts).</summary>
internal static class SiteGroupMembers
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Of(HostTarget target, AccountDatabase accounts)
    {
        var primary = accounts.Users.ToLookup(u => u.Gid, u => u.Name);
        var members = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var site in target.SiteGroups)
        {
            if (accounts.FindGroup(site.Name.Value) is { } group)
            {
                members[group.Name] = group.Members.Concat(primary[group.Gid]).Distinct(StringComparer.Ordinal).ToList();
            }
        }

        return members;
    }
}
