using SftpJail.Core.Planning;
using SftpJail.Executor.Accounts;

namespace SftpJail.Executor.Apply;

/// <summary>
/// Turns the planner's "create user" for a managed account that disappeared into "recreate with its old uid", so a
/// repair gives the customer back the files it owns instead of a new uid that owns nothing.
/// </summary>
internal sealed class AccountRecovery(ManifestStore manifests, string etcDir = "/etc")
{
    public HostPlan Rewrite(HostPlan plan)
    {
        if (!plan.Actions.OfType<CreateUserAction>().Any())
        {
            return plan;
        }

        var uids = manifests.LoadUids();
        var hashes = manifests.Hashes.Load();
        var accounts = AccountDatabase.Load(etcDir);
        var actions = new List<HostAction>(plan.Actions.Count);
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
