using Microsoft.Extensions.Logging;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>The manifest's side of account changes: record what was created, and change only what SftpJail created.</summary>
internal sealed partial class ActionRunner
{
    private static void RecordCreated(ManifestSession? manifest, LinuxUserName name, AccountDatabase accountsNow)
    {
        if (manifest is not null && accountsNow.FindUser(name.Value) is { } account)
        {
            manifest.RecordCreated(name, account.Uid);
        }
    }

    /// <summary>
    /// Removes the accounts (those that exist) in one batch: every one expired first, in one rewrite of shadow, so none can
    /// log in again while the sessions are ended; then their sessions ended (no process at all when none is open), their
    /// files handed over and the accounts removed in one rewrite of the account files.
    /// </summary>
    private async Task RemoveUsersAsync(IReadOnlyList<LinuxUserName> names, ManifestSession? manifest, AccountDatabase accountsNow, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            RequireRecordedUid(manifest, name, accountsNow);
        }

        var present = names.Where(n => accountsNow.FindUser(n.Value) is not null).ToList();
        await accounts.ExpireAsync(present, cancellationToken);
        foreach (var name in present)
        {
            await accounts.TerminateSessionsAsync(name, accountsNow.FindUser(name.Value)!.Uid, cancellationToken);
            HandOverFiles(name, accountsNow);
        }

        await accounts.RemoveUsersAsync(present, cancellationToken);
    }

    /// <summary>A removed customer's uploads stay with its site, owned by the site's owner rather than a dead uid.</summary>
    private void HandOverFiles(LinuxUserName name, AccountDatabase accountsNow)
    {
        if (accountsNow.FindUser(name.Value) is not { } account || !AbsolutePath.TryParse(account.Home, out var home, out _))
        {
            return;
        }

        try
        {
            var (handed, stopped) = new RemovedUserFiles(files).HandOver(home, account.Uid);
            if (stopped)
            {
                logger.LogWarning("Handed {Count} entries of {User} to its site's owner, then stopped at the walk's limit; reconcile lists the rest", handed, name.Value);
            }
        }
        catch (UnsafePathException ex)
        {
            // A home outside the configured roots is not a jail SftpJail laid out: leave its files alone.
            logger.LogWarning("Left the files of {User} as they are: {Reason}", name.Value, ex.Message);
        }
    }

    /// <summary>
    /// Refuses to touch an account whose uid is not the one SftpJail created it with: the one SftpJail made was deleted
    /// and someone made another of the same name. (A name recorded before uids were is trusted by name, as before.)
    /// </summary>
    private static void RequireRecordedUid(ManifestSession? manifest, LinuxUserName name, AccountDatabase accountsNow)
    {
        if (manifest is not null
            && manifest.Uids.TryGetValue(name.Value, out var recorded)
            && accountsNow.FindUser(name.Value) is { } account
            && account.Uid != recorded)
        {
            throw new ApplyStepException(
                $"The account '{name}' has uid {account.Uid}, not the uid {recorded} SftpJail created it with: it is not the account SftpJail manages, so it is left unchanged.");
        }
    }

    /// <summary>
    /// The uids a new account must not get: those of managed accounts deleted by hand, which still own their customers'
    /// files and which the repair recreates.
    /// </summary>
    private static HashSet<uint> ReservedUids(ManifestSession? manifest, AccountDatabase accountsNow) =>
        manifest is null ? [] : [.. manifest.Uids.Where(r => accountsNow.FindUser(r.Key) is null).Select(r => r.Value)];

    private async Task RestorePasswordAsync(RecreateUserAction recreate, CancellationToken cancellationToken)
    {
        if (recreate.RestoresPassword && manifests?.Hashes.Load().GetValueOrDefault(recreate.Target.Name.Value) is { } hash)
        {
            await accounts.RestorePasswordHashAsync(recreate.Target.Name, hash, cancellationToken);
        }
    }
}
