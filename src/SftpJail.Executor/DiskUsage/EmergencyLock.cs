using Microsoft.Extensions.Logging;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;

namespace SftpJail.Executor.DiskUsage;

/// <summary>
/// Cuts off every account a plan disables or removes before anything else of the apply runs: expiry (usermod, in /etc)
/// and killing its sessions need no room on the jails' or the state directory's file system. A customer who filled
/// that file system is then locked out even if writing a record or a config afterwards fails for want of space; the
/// plan's own steps repeat both, harmlessly.
/// </summary>
internal sealed class EmergencyLock(SystemAccounts accounts, ILogger logger)
{
    public async Task LockAsync(HostPlan plan, CancellationToken cancellationToken)
    {
        foreach (var name in AccountsToLock(plan))
        {
            await accounts.SetExpiredAsync(name, true, cancellationToken);
            await accounts.TerminateSessionsAsync(name, cancellationToken);
            logger.LogInformation("Locked {User} before applying the rest of the plan", name.Value);
        }
    }

    /// <summary>Accounts the plan disables (login enabled now, disabled in the target) or removes.</summary>
    public static IReadOnlyList<LinuxUserName> AccountsToLock(HostPlan plan) => plan.Actions
        .Select(action => action switch
        {
            UpdateUserAction { Target.Expired: true, Observed.Expired: false } update => update.Target.Name,
            RemoveUserAction remove => remove.Name,
            _ => null,
        })
        .OfType<LinuxUserName>()
        .ToList();
}
