using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Services;

public sealed partial class SiteService
{
    public Task<SitePreview> PreviewAddSiteAsync(NewSiteRequest request, CancellationToken cancellationToken = default) =>
        PreviewAsync(ct => StageNewSiteAsync(request, ct), cancellationToken);

    /// <summary>Stages a change in a transaction that is always rolled back, and plans the state it would give.</summary>
    private async Task<SitePreview> PreviewAsync(Func<CancellationToken, Task<Attempt>> stage, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var attempt = await TryMakeChangeAsync(stage, cancellationToken);
                if (attempt.Change is null)
                {
                    return new SitePreview([], OneLine(attempt.Invalid ?? "The request was refused."));
                }

                var state = await BuildDesiredStateAsync(cancellationToken);
                var plan = await executor.PlanAsync(state, cancellationToken);
                return plan.Error is null
                    ? new SitePreview(plan.Steps, null, PlanIdentity.Of(state, plan.Steps))
                    : new SitePreview(plan.Steps, OneLine(plan.Error));
            }
            catch (ExecutorUnavailableException unavailable)
            {
                return new SitePreview([], OneLine($"The executor is unavailable: {unavailable.Message}"));
            }
            finally
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    public Task<OperationResult> AddSiteAsync(NewSiteRequest request, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, ct => StageNewSiteAsync(request, ct), cancellationToken, request.PreviewedPlan);

    public Task<OperationResult> SetSiteEnabledAsync(string domain, bool enabled, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, async ct =>
        {
            var site = await LoadSiteAsync(domain, ct);
            if (site is null)
            {
                return Attempt.Reject(NoSuchSite(domain));
            }

            var before = SiteAuditView.Of(site);
            site.Enabled = enabled;
            await db.SaveChangesAsync(ct);
            if (!enabled)
            {
                await SetPasswordLinks.SetPasswordLinkRevocation.RevokeForSiteAsync(db, site.Id, time.GetUtcNow(), ct);
            }

            return new Change(enabled ? "site.enable" : "site.disable", site.Domain, before, SiteAuditView.Of(site), [], site.Domain);
        }, cancellationToken);

    public Task<OperationResult> RemoveSiteAsync(string domain, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, async ct =>
        {
            var site = await LoadSiteAsync(domain, ct);
            if (site is null)
            {
                return Attempt.Reject(NoSuchSite(domain));
            }

            var before = SiteAuditView.Of(site);
            db.Sites.Remove(site);
            await db.SaveChangesAsync(ct);
            return new Change("site.remove", site.Domain, before, null, [], site.Domain);
        }, cancellationToken);

    public Task<OperationResult> AddUserAsync(NewUserRequest request, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, async ct =>
        {
            var domain = SiteDomain.Parse(request.Domain);
            var name = LinuxUserName.Parse(request.UserName);
            var site = await db.Sites.FirstOrDefaultAsync(s => s.Domain == domain.Value, ct);
            if (site is null)
            {
                return Attempt.Reject(NoSuchSite(domain.Value));
            }

            var staged = await StageAccountAsync(site, name, request.Password, request.Keys, request.ReadOnly, request.KeyOnly, ct);
            if (staged.Invalid is not null)
            {
                return Attempt.Reject(staged.Invalid);
            }

            await db.SaveChangesAsync(ct);
            return new Change("user.add", UserTarget(site.Domain, name.Value), null, UserAuditView.Of(staged.Account!), staged.Passwords, site.Domain);
        }, cancellationToken);

    public Task<OperationResult> SetPasswordAsync(string userName, string password, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, async ct =>
        {
            var account = await LoadAccountAsync(userName, ct);
            if (account is null)
            {
                return Attempt.Reject(NoSuchUser(userName));
            }

            if (PasswordRules.Check(password) is { } problem)
            {
                return Attempt.Reject(problem);
            }

            if (account.KeyOnly)
            {
                return Attempt.Reject(KeyOnlyHasNoPassword(account.UserName));
            }

            var before = new PasswordAuditView(account.UserName, account.HasPassword, false);
            account.HasPassword = true;
            await db.SaveChangesAsync(ct);
            return new Change("user.password", UserTarget(account.Site!.Domain, account.UserName), before,
                new PasswordAuditView(account.UserName, true, true), [new PasswordChange(account.UserName, password)], account.Site.Domain);
        }, cancellationToken);

    public Task<OperationResult> AddKeyAsync(string userName, string keyText, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, async ct =>
        {
            var account = await LoadAccountAsync(userName, ct);
            if (account is null)
            {
                return Attempt.Reject(NoSuchUser(userName));
            }

            var before = UserAuditView.Of(account);
            if (AddKeys(account, [keyText]) is { } problem)
            {
                return Attempt.Reject(problem);
            }

            await db.SaveChangesAsync(ct);
            return new Change("user.key.add", UserTarget(account.Site!.Domain, account.UserName), before, UserAuditView.Of(account), [], account.Site.Domain);
        }, cancellationToken);

    public Task<OperationResult> RemoveKeyAsync(string userName, string fingerprint, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, async ct =>
        {
            var account = await LoadAccountAsync(userName, ct);
            if (account is null)
            {
                return Attempt.Reject(NoSuchUser(userName));
            }

            var wanted = (fingerprint ?? string.Empty).Trim();
            wanted = wanted.StartsWith("SHA256:", StringComparison.Ordinal) ? wanted : "SHA256:" + wanted;
            var key = account.Keys.FirstOrDefault(k => k.Fingerprint == wanted);
            if (key is null)
            {
                return Attempt.Reject($"fingerprint: {account.UserName} has no key {OneLine(wanted)}.");
            }

            var before = UserAuditView.Of(account);
            account.Keys.Remove(key);
            db.AuthorizedKeys.Remove(key);
            await db.SaveChangesAsync(ct);
            return new Change("user.key.remove", UserTarget(account.Site!.Domain, account.UserName), before, UserAuditView.Of(account), [], account.Site.Domain);
        }, cancellationToken);

    public Task<OperationResult> SetUserDisabledAsync(string userName, bool disabled, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, async ct =>
        {
            var account = await LoadAccountAsync(userName, ct);
            if (account is null)
            {
                return Attempt.Reject(NoSuchUser(userName));
            }

            var before = UserAuditView.Of(account);
            account.Disabled = disabled;
            await db.SaveChangesAsync(ct);
            if (disabled)
            {
                await SetPasswordLinks.SetPasswordLinkRevocation.RevokeForUserAsync(db, account.Id, time.GetUtcNow(), ct);
            }

            return new Change(disabled ? "user.disable" : "user.enable", UserTarget(account.Site!.Domain, account.UserName), before,
                UserAuditView.Of(account), [], account.Site.Domain);
        }, cancellationToken);

    public Task<OperationResult> RemoveUserAsync(string userName, Actor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(actor, async ct =>
        {
            var account = await LoadAccountAsync(userName, ct);
            if (account is null)
            {
                return Attempt.Reject(NoSuchUser(userName));
            }

            // The owner's uid owns html/; handing that to another account silently would surprise everyone.
            var ownerId = await db.SftpAccounts.Where(a => a.SiteId == account.SiteId).MinAsync(a => a.Id, ct);
            var others = await db.SftpAccounts.CountAsync(a => a.SiteId == account.SiteId && a.Id != account.Id, ct);
            if (account.Id == ownerId && others > 0)
            {
                return Attempt.Reject($"username: {account.UserName} owns {account.Site!.Domain}; remove its other users first, or remove the site.");
            }

            var before = UserAuditView.Of(account);
            db.SftpAccounts.Remove(account);
            await db.SaveChangesAsync(ct);
            return new Change("user.remove", UserTarget(account.Site!.Domain, account.UserName), before, null, [], account.Site.Domain);
        }, cancellationToken);
}
