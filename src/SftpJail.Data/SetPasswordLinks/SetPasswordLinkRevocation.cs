using Microsoft.EntityFrameworkCore;

namespace SftpJail.Data.SetPasswordLinks;

/// <summary>
/// Disabling a user or a site withdraws its unused set-password links: whoever staff meant to stop may hold one (a
/// customer who left, a link that leaked), and enabling the account later must not bring the link back to life. Runs
/// inside the disabling change's transaction, so a refused change withdraws nothing.
/// </summary>
internal static class SetPasswordLinkRevocation
{
    public static Task<int> RevokeForUserAsync(SftpJailDbContext db, int accountId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Unused(db).Where(l => l.SftpAccountId == accountId).ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), cancellationToken);

    public static Task<int> RevokeForSiteAsync(SftpJailDbContext db, int siteId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Unused(db).Where(l => l.Account!.SiteId == siteId).ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), cancellationToken);

    private static IQueryable<SetPasswordLink> Unused(SftpJailDbContext db) => db.Set<SetPasswordLink>().Where(l => l.UsedAt == null && l.RevokedAt == null);
}
