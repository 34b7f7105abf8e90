using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Values;
using SftpJail.Data.Audit;
using SftpJail.Data.Entities;
using SftpJail.Data.Services;

namespace SftpJail.Data.SetPasswordLinks;

/// <summary>
/// Makes, checks, redeems and revokes set-password links. Making one revokes the user's earlier unused links; redeeming
/// sets the password through <see cref="ISiteService.SetPasswordAsync"/> (its rules, its apply path, its audit row, by
/// "customer via link N"). Neither a token, its hash nor a password is ever audited.
/// </summary>
public sealed class SetPasswordLinkService(SftpJailDbContext db, ISiteService sites, IAuditLog audit, TimeProvider time, SetPasswordLinkOptions options)
{
    public const string CreatedAction = "passwordlink.create";
    public const string RevokedAction = "passwordlink.revoke";
    public const string DeniedAction = "passwordlink.deny";

    private IQueryable<SetPasswordLink> Links => db.Set<SetPasswordLink>();

    public static Actor RedeemerOf(int linkId) => new($"customer via link {linkId}");

    public async Task<SetPasswordLinkCreated> CreateAsync(NewSetPasswordLink request, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        var hours = request.LifetimeHours ?? options.LifetimeHours;
        if (hours is < 1 or > SetPasswordLinkOptions.MaxLifetimeHours)
        {
            return SetPasswordLinkCreated.Invalid($"expiresInHours: A link works for 1 to {SetPasswordLinkOptions.MaxLifetimeHours} hours.");
        }

        var (account, problem) = await FindAccountAsync(request, cancellationToken);
        if (account is null)
        {
            return SetPasswordLinkCreated.Invalid(problem!);
        }

        if (account.KeyOnly)
        {
            return SetPasswordLinkCreated.Invalid($"username: {account.UserName} logs in with keys only, so it has no password to set.");
        }

        if (account.Disabled || !account.Site!.Enabled)
        {
            var what = account.Disabled ? account.UserName : $"the site {account.Site!.Domain} of {account.UserName}";
            return SetPasswordLinkCreated.Invalid($"username: {what} is disabled; enable it before making a set-password link.");
        }

        var now = time.GetUtcNow();
        var (token, hash) = SetPasswordLinkToken.Generate();
        var link = new SetPasswordLink { TokenHash = hash, SftpAccountId = account.Id, CreatedBy = actor.Name, CreatedAt = now, ExpiresAt = now.AddHours(hours) };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var revoked = await RevokeUnusedAsync(account.Id, now, cancellationToken);
        db.Add(link);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(actor, CreatedAction, Target(account), null, new { link = link.Id, user = account.UserName, link.ExpiresAt, revokedEarlier = revoked },
            AuditResults.Recorded, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new SetPasswordLinkCreated(true, null, link.Id, account.Site!.Domain, account.UserName, link.ExpiresAt, token, revoked);
    }

    /// <summary>What the link is for while it still works; null for anything else (nothing is audited: link previewers open links too).</summary>
    public async Task<SetPasswordLinkTarget?> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        var link = await FindLinkAsync(token, cancellationToken);
        return link is not null && Refusal(link, time.GetUtcNow()) is null ? TargetOf(link) : null;
    }

    /// <summary>
    /// Sets <paramref name="password"/> for the link's user and uses the link up. The link is claimed in one conditional
    /// update first, so two submits racing each other cannot both set a password; a refused or failed change gives it back.
    /// </summary>
    public async Task<SetPasswordRedeemed> RedeemAsync(string? token, string password, CancellationToken cancellationToken = default)
    {
        var link = await FindLinkAsync(token, cancellationToken);
        if (link is null)
        {
            return SetPasswordRedeemed.NotValid;
        }

        var now = time.GetUtcNow();
        if (Refusal(link, now) is { } reason)
        {
            await audit.AppendAsync(RedeemerOf(link.Id), DeniedAction, Target(link.Account!), null, null, AuditResults.Recorded, detail: reason, cancellationToken: cancellationToken);
            return SetPasswordRedeemed.NotValid;
        }

        var target = TargetOf(link);
        if (PasswordRules.Check(password) is { } weak)
        {
            return new SetPasswordRedeemed(SetPasswordRedeemStatus.Refused, weak, target);
        }

        var claimed = await Links
            .Where(l => l.Id == link.Id && l.UsedAt == null && l.RevokedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return SetPasswordRedeemed.NotValid;
        }

        OperationResult change;
        try
        {
            change = await sites.SetPasswordAsync(link.Account!.UserName, password, RedeemerOf(link.Id), cancellationToken);
        }
        catch
        {
            await ReleaseAsync(link.Id, now);
            throw;
        }

        if (!change.Succeeded)
        {
            await ReleaseAsync(link.Id, now);
            return new SetPasswordRedeemed(SetPasswordRedeemStatus.Refused, change.Error, target, change);
        }

        return new SetPasswordRedeemed(SetPasswordRedeemStatus.Done, null, target, change);
    }

    /// <summary>Withdraws every unused link of the user; returns how many, or why not.</summary>
    public async Task<(int Revoked, string? Error)> RevokeAsync(NewSetPasswordLink user, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (account, problem) = await FindAccountAsync(user, cancellationToken);
        if (account is null)
        {
            return (0, problem);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var revoked = await RevokeUnusedAsync(account.Id, time.GetUtcNow(), cancellationToken);
        if (revoked > 0)
        {
            await audit.AppendAsync(actor, RevokedAction, Target(account), null, new { user = account.UserName, revoked }, AuditResults.Recorded, cancellationToken: cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (revoked, null);
    }

    private async Task<SetPasswordLink?> FindLinkAsync(string? token, CancellationToken cancellationToken)
    {
        if (!SetPasswordLinkToken.TryHash(token, out var hash))
        {
            return null;
        }

        var link = await Links.AsNoTracking().Include(l => l.Account).ThenInclude(a => a!.Site).FirstOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        // The lookup is by the hash of a 256-bit random secret, so its timing tells nothing useful; the stored hash is
        // still compared in constant time so the match never depends on how the database compares text.
        return link is not null && SetPasswordLinkToken.HashesMatch(hash, link.TokenHash) ? link : null;
    }

    private static string? Refusal(SetPasswordLink link, DateTimeOffset now) =>
        link.UsedAt is not null ? "used"
        : link.RevokedAt is not null ? "revoked"
        : link.ExpiresAt <= now ? "expired"
        : link.Account?.Site is null ? "user gone"
        : link.Account.Disabled ? "user disabled"
        : !link.Account.Site.Enabled ? "site disabled"
        : null;

    private async Task<(SftpAccount? Account, string? Problem)> FindAccountAsync(NewSetPasswordLink request, CancellationToken cancellationToken)
    {
        if (!LinuxUserName.TryParse(request.UserName, out var name, out var nameError))
        {
            return (null, nameError);
        }

        SiteDomain? domain = null;
        if (request.Domain is not null && !SiteDomain.TryParse(request.Domain, out domain, out var domainError))
        {
            return (null, domainError);
        }

        var account = await db.SftpAccounts.AsNoTracking().Include(a => a.Site).FirstOrDefaultAsync(a => a.UserName == name.Value, cancellationToken);
        if (account is null || (request.SiteId is { } siteId && account.SiteId != siteId) || (domain is not null && account.Site!.Domain != domain.Value))
        {
            var where = domain is not null ? $" on {domain.Value}" : "";
            return (null, $"username: There is no user {name.Value}{where}.");
        }

        return (account, null);
    }

    private Task<int> RevokeUnusedAsync(int accountId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Links.Where(l => l.SftpAccountId == accountId && l.UsedAt == null && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), cancellationToken);

    private Task ReleaseAsync(int linkId, DateTimeOffset claimedAt) =>
        Links.Where(l => l.Id == linkId && l.UsedAt == claimedAt).ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, (DateTimeOffset?)null), CancellationToken.None);

    private static SetPasswordLinkTarget TargetOf(SetPasswordLink link) => new(link.Id, link.Account!.Site!.Domain, link.Account.UserName, link.ExpiresAt);

    private static string Target(SftpAccount account) => $"{account.Site!.Domain}/{account.UserName}";
}
