namespace SftpJail.Data.Services;

/// <summary>Switching an existing SFTP user between read-only (download only) and read-write.</summary>
public sealed partial class SiteService
{
    public Task<OperationResult> SetUserReadOnlyAsync(string userName, bool readOnly, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, async ct =>
        {
            var account = await LoadAccountAsync(userName, ct);
            if (account is null)
            {
                return Attempt.Reject(NoSuchUser(userName));
            }

            var before = UserAuditView.Of(account);
            account.ReadOnly = readOnly;
            await db.SaveChangesAsync(ct);
            return new Change(readOnly ? "user.readonly" : "user.readwrite", UserTarget(account.Site!.Domain, account.UserName), before,
                UserAuditView.Of(account), [], account.Site.Domain);
        }, cancellationToken);
}
