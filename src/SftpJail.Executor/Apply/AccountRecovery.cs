using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;

namespace SftpJail.Executor.Apply;

/// <summary>
/// Turns the planner's "create user" for a managed account that disappeared into "recreate with its old uid", so a
/// repair gives the customer back the files it owns instead of a new uid that owns nothing; and, first of all, clears
/// the locking "!" that earlier versions left on accounts created without a password.
/// </summary>
internal sealed class AccountRecovery(ManifestStore manifests, string etcDir = "/etc")
{
    /// <param name="desiredUsers">The jailed users of the desired state: those among them SftpJail manages get their locking "!" cleared.</param>
    /// <param name="manifest">The manifest as this apply has it.</param>
    /// <param name="accounts">The account files as this plan read them.</param>
    public HostPlan Rewrite(HostPlan plan, IEnumerable<LinuxUserName> desiredUsers, ManifestSession manifest, AccountDatabase accounts)
    {
        var uids = manifest.Uids;
        var managed = manifest.Users.ToHashSet(StringComparer.Ordinal);
        var ours = desiredUsers.Select(u => u.Value).Where(name => managed.Contains(name)
            && accounts.FindUser(name) is { } account && (!uids.TryGetValue(name, out var recorded) || recorded == account.Uid));
        var actions = ShadowHashes.LockedWithoutPassword(etcDir, ours).Select(name => (HostAction)new ClearPasswordLockAction(LinuxUserName.Parse(name))).ToList();
        if (actions.Count == 0 && !plan.Actions.OfType<CreateUserAction>().Any())
        {
            return plan;
        }

        var hashes = manifests.Hashes.Load();
        foreach (var action in plan.Actions)
        {
            if (action is CreateUserAction create && uids.TryGetValue(create.Target.Name.Value, out var uid))
            {
                RefuseTakenUid(create.Target.Name.Value, uid, accounts);
                actions.Add(new RecreateUserAction(create.Target, uid, hashes.ContainsKey(create.Target.Name.Value)));
            }
            else
            {
                actions.Add(action);
            }
        }

        return new HostPlan(actions);
    }

    /// <summary>Also checked again right before the useradd: the uid may have been taken since the plan was made.</summary>
    internal static void RefuseTakenUid(string name, uint uid, AccountDatabase accounts)
    {
        if (accounts.Users.FirstOrDefault(u => u.Uid == uid) is { } holder)
        {
            throw new PlanRefusedException(
                $"Cannot recreate the account '{name}' with its uid {uid}: that uid now belongs to '{holder.Name}'. " +
                "Its files in the jail belong to that uid; move the other account to a free uid, or remove it.");
        }
    }
}
