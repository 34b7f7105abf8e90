using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Core.Model.Hardening;

/// <summary>
/// Plans admin accounts. SftpJail creates the admins it is asked for, adopts an existing account only if it is
/// already in the admin group (so the panel cannot hand sudo to an account it did not make), never turns a jailed
/// account into an admin, and removes only admin accounts it created itself.
/// </summary>
public static class AdminPlanner
{
    public static AbsolutePath AdminShell { get; } = AbsolutePath.Parse("/bin/bash");

    public static (IReadOnlyList<HostAction> Create, IReadOnlyList<HostAction> Remove) Plan(IReadOnlyList<AdminAccountSpec> admins, AdminObservation observed, LinuxGroupName adminGroup)
    {
        var create = new List<HostAction>();
        if (admins.Count > 0 && !observed.AdminGroupExists)
        {
            throw new PlanRefusedException($"The admin group '{adminGroup}' does not exist on this host. Create it or set Host:AdminGroup (sudo on Debian, wheel on RHEL).");
        }

        foreach (var admin in admins)
        {
            if (observed.JailAccounts.Contains(admin.Name.Value))
            {
                throw new PlanRefusedException($"'{admin.Name}' is a jailed SFTP account; an admin needs an account of its own.");
            }

            if (!observed.Users.TryGetValue(admin.Name.Value, out var existing))
            {
                create.Add(new CreateAdminAction(admin.Name, AdminShell, adminGroup));
                continue;
            }

            if (!existing.Groups.Contains(adminGroup.Value) && !observed.CreatedBySftpJail.Contains(admin.Name.Value))
            {
                throw new PlanRefusedException(
                    $"The account '{admin.Name}' already exists and is not in the admin group {adminGroup}. SftpJail does not grant " +
                    "admin rights to accounts it did not create: add it to the group by hand, or choose another name.");
            }
        }

        var wanted = admins.Select(a => a.Name.Value).ToHashSet(StringComparer.Ordinal);
        var remove = observed.CreatedBySftpJail
            .Where(name => !wanted.Contains(name) && observed.Users.ContainsKey(name))
            .Order(StringComparer.Ordinal)
            .Select(name => (HostAction)new RemoveAdminAction(LinuxUserName.Parse(name)))
            .ToList();
        return (create, remove);
    }
}
