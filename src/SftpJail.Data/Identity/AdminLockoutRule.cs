using Microsoft.EntityFrameworkCore;

namespace SftpJail.Data.Identity;

/// <summary>What an Admin may do to a panel account that could cost the panel its last way in.</summary>
public enum AccountChange
{
    Demote,
    Lock,
    Delete,
    ResetTwoFactor,
}

/// <summary>
/// Never lock the admins out: a change is refused when it would leave no Admin account able to sign in (in the Admin
/// role and not locked out), and nobody locks or deletes their own account (the panel would sign them out mid-way and
/// no one might be left to undo it). A 2FA reset counts too: the account must then re-enrol an authenticator before it
/// can do anything, so it is no longer a working admin until it does.
/// </summary>
public static class AdminLockoutRule
{
    /// <summary>The name of the panel's Admin role (the Web project's PanelRoles.Admin).</summary>
    public const string AdminRole = "Admin";

    /// <summary>Why <paramref name="change"/> by <paramref name="actorId"/> to <paramref name="targetId"/> is refused, or null when it may go ahead.</summary>
    public static async Task<string?> RefusalAsync(SftpJailDbContext db, AccountChange change, string targetId, string actorId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (targetId == actorId && change is AccountChange.Lock or AccountChange.Delete)
        {
            return change == AccountChange.Lock ? "You cannot lock your own account." : "You cannot delete your own account.";
        }

        var admins = await AdminsAbleToSignInAsync(db, now, cancellationToken);
        if (admins.Contains(targetId) && admins.Count == 1)
        {
            var what = change switch
            {
                AccountChange.Demote => "demote",
                AccountChange.Lock => "lock",
                AccountChange.Delete => "delete",
                _ => "reset the two-factor sign-in of",
            };
            return $"Refused: you cannot {what} the last admin account able to sign in. Make another account Admin first.";
        }

        return null;
    }

    /// <summary>Ids of the accounts in the Admin role that are not locked out.</summary>
    public static async Task<IReadOnlySet<string>> AdminsAbleToSignInAsync(SftpJailDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var admins = await (from userRole in db.UserRoles
                            join role in db.Roles on userRole.RoleId equals role.Id
                            join user in db.Users on userRole.UserId equals user.Id
                            where role.Name == AdminRole
                            select new { user.Id, user.LockoutEnd }).ToListAsync(cancellationToken);
        // LockoutEnd is a DateTimeOffset, which SQLite cannot compare in SQL; there are few admins.
        return admins.Where(a => a.LockoutEnd is not { } end || end <= now).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
    }
}
