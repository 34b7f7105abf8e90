using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>
/// Finishes what an interrupted apply left: every account and site it recorded the intent to create that exists on the
/// host but not in the manifest is adopted into the manifest (an account with the uid it has), so the plan that
/// follows manages it like any other — keeps it if the desired state has it, removes it if not. Nothing on the host
/// changes here; accounts an interrupted apply created are still locked (they are created expired), and the plan
/// unlocks them only if they are wanted.
/// </summary>
internal sealed class IntentRecovery(HostProfile profile, HostFileSystem files, Func<SiteDomain, bool>? vhostExists = null, string etcDir = "/etc")
{
    /// <summary>Adopts into <paramref name="session"/> (in memory); returns one step per adopted account or site.</summary>
    public IReadOnlyList<PlanStep> Adopt(ApplyIntent intent, ManifestSession session)
    {
        var steps = new List<PlanStep>();
        var accounts = AccountDatabase.Load(etcDir);
        foreach (var user in intent.Users)
        {
            if (!session.HasUser(user.Name)
                && LinuxUserName.TryParse(user.Name, out var name, out _)
                && accounts.FindUser(user.Name) is { } account
                && account.Home == user.Home
                && account.SupplementaryGroups.Contains(profile.JailGroup.Value, StringComparer.Ordinal))
            {
                session.RecordCreated(name, account.Uid);
                steps.Add(new PlanStep(PlanStepKind.CreateUser, user.Name,
                    $"adopt the account an interrupted apply created (uid {account.Uid}{(account.Expired ? ", still locked" : string.Empty)}) into the manifest"));
            }
        }

        foreach (var domain in intent.Sites)
        {
            if (!session.HasSite(domain) && SiteDomain.TryParse(domain, out var site, out _)
                && (files.Inspect(profile.ChrootFor(site)).Kind == FileKind.Directory || vhostExists?.Invoke(site) == true))
            {
                session.RecordSite(domain);
                steps.Add(new PlanStep(PlanStepKind.CreateDirectory, profile.ChrootFor(site).Value,
                    $"adopt the site {domain} an interrupted apply created into the manifest"));
            }
        }

        return steps;
    }
}
