using Microsoft.Extensions.Logging;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;

namespace SftpJail.Executor.Hardening;

/// <summary>
/// Refuses a hardening profile that turns password or root login off unless some admin can demonstrably still log in
/// with a key: either the sshd log shows an accepted login with one of that admin's current keys, or a real login to
/// the local sshd with a one-time key placed in the admin's SftpJail-managed authorized_keys file succeeds now.
/// The point is the guide's warning ("make sure key login works before you disable passwords"), made mechanical.
/// </summary>
public sealed class LockoutGuard(HostProfile profile, LinuxGroupName adminGroup, IKeyLoginProbe probe, IAcceptedKeyLog acceptedKeys, ILogger logger, string etcDir = "/etc")
{
    /// <summary>How far back an accepted key login in the sshd log still counts as evidence.</summary>
    public static TimeSpan EvidenceWindow { get; } = TimeSpan.FromDays(30);

    public async Task<GuardDecision> CheckAsync(SshHardening? hardening, IReadOnlyList<AdminAccountSpec> admins, CancellationToken cancellationToken)
    {
        if (hardening is null || !hardening.RemovesALoginPath)
        {
            return GuardDecision.NotNeeded;
        }

        if (profile.Mode == SshdMode.Dedicated)
        {
            // The profile goes into the dedicated SFTP-only sshd, which admits no admin; the host's own sshd, where admins
            // log in, is not SftpJail's to change in this mode, so nobody can be locked out of it (and no probe can reach it).
            return GuardDecision.DedicatedSftpOnly;
        }

        var what = (hardening.DenyPasswordLogin, hardening.DenyRootLogin) switch
        {
            (true, true) => "turns off password login and root login",
            (true, false) => "turns off password login",
            _ => "turns off root login",
        };
        if (admins.Count == 0)
        {
            return GuardDecision.Refuse(
                $"Not applied: this profile {what}, but SftpJail manages no admin account. Afterwards nobody could log in to " +
                "administer this host over SSH. Add an admin with a public key, apply, check that the admin can log in with " +
                "that key, then apply the profile again.");
        }

        var withKeys = admins.Where(a => a.HasKey).ToList();
        if (withKeys.Count == 0)
        {
            return GuardDecision.Refuse(
                $"Not applied: this profile {what}, but none of the admin accounts ({string.Join(", ", admins.Select(a => a.Name.Value))}) " +
                "has a public key. They would all be locked out. Add a key to an admin (or open an enrolment window so the " +
                "admin can run ssh-copy-id), then apply the profile again.");
        }

        var accounts = AccountDatabase.Load(etcDir);
        var problems = new List<AdminKeyProblem>();
        foreach (var admin in withKeys.OrderBy(a => a.Name.Value, StringComparer.Ordinal))
        {
            if (AccountProblem(admin, accounts) is { } accountProblem)
            {
                problems.Add(new AdminKeyProblem(admin.Name.Value, accountProblem));
                continue;
            }

            var fingerprints = admin.Keys.Select(k => k.Fingerprint).ToHashSet(StringComparer.Ordinal);
            var logged = await acceptedKeys.FindAcceptedKeyLoginAsync(admin.Name, fingerprints, DateTimeOffset.UtcNow - EvidenceWindow, cancellationToken);
            if (logged is not null)
            {
                logger.LogInformation("Lock-out guard: {Admin} logged in with key {Fingerprint} at {At}", admin.Name, logged.Fingerprint, logged.AtUtc);
                return GuardDecision.Proven($"{admin.Name} logged in with key {logged.Fingerprint} at {logged.AtUtc:u}");
            }

            var probed = await probe.ProbeAsync(admin.Name, cancellationToken);
            if (probed.Succeeded)
            {
                logger.LogInformation("Lock-out guard: a one-time key login as {Admin} succeeded", admin.Name);
                return GuardDecision.Proven($"a test login as {admin.Name} with a one-time key in {profile.AuthorizedKeysFileFor(admin.Name)} succeeded");
            }

            problems.Add(new AdminKeyProblem(admin.Name.Value, probed.Problem ?? "the test login failed"));
        }

        return GuardDecision.Refuse(
            $"Not applied: this profile {what}, and no admin key login could be shown to work, so applying it could lock every " +
            $"administrator out. {string.Join("; ", problems)}. The running sshd configuration was left unchanged. Fix the " +
            "account or key (apply the admin without the lock-down first), then apply the profile again.");
    }

    private string? AccountProblem(AdminAccountSpec admin, AccountDatabase accounts)
    {
        if (accounts.FindUser(admin.Name.Value) is not { } account)
        {
            return "the account does not exist on this host yet (apply the admin and its key first, without the lock-down)";
        }

        var group = accounts.FindGroup(adminGroup.Value);
        if (group is null || (account.Gid != group.Gid && !group.Members.Contains(account.Name, StringComparer.Ordinal)))
        {
            return $"the account is not in the admin group {adminGroup}, which the profile's AllowGroups requires";
        }

        if (account.Expired)
        {
            return "the account has expired";
        }

        if (account.Shell.EndsWith("/nologin", StringComparison.Ordinal) || account.Shell.EndsWith("/false", StringComparison.Ordinal))
        {
            return $"the account's shell is {account.Shell}, so it cannot run commands";
        }

        return null;
    }
}
