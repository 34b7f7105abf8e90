using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Components.Pages.Account.Accounts;

/// <summary>What an Admin action did: an error fit for a snackbar, or success with an optional secret to show once.</summary>
public sealed record AccountActionResult(string? Error, string Message, string? Secret = null)
{
    public bool Succeeded => Error is null;

    public static AccountActionResult Refused(string error) => new(error, error);

    public static AccountActionResult Done(string message, string? secret = null) => new(null, message, secret);
}

/// <summary>
/// The Accounts page's changes to panel accounts, made for one operation (<see cref="PanelOperation"/>) by
/// <paramref name="actorId"/>: each one is checked against <see cref="AdminLockoutRule"/>, audited (never a password),
/// and ends the target's sessions when it takes rights away, so their open tabs and cookies stop working at once.
/// </summary>
public sealed class AccountActions(
    UserManager<PanelUser> users,
    SftpJailDbContext db,
    PanelSessions sessions,
    PanelAccounts accounts,
    AccountAudit audit,
    TimeProvider time,
    Actor actor,
    string actorId)
{
    public const string RoleChanged = "account.role";
    public const string PasswordReset = "account.password.reset";
    public const string MustChangePasswordSet = "account.must-change-password";

    public static AccountActions For(PanelOperation operation) => new(
        operation.Get<UserManager<PanelUser>>(), operation.Get<SftpJailDbContext>(), operation.Get<PanelSessions>(), operation.Get<PanelAccounts>(),
        operation.Get<AccountAudit>(), operation.Services.GetService<TimeProvider>() ?? TimeProvider.System, operation.Actor, operation.User.Id);

    /// <param name="password">The initial password, or null to generate one (returned once as the result's secret).</param>
    public async Task<AccountActionResult> CreateAsync(string email, string role, string? password, bool mustChangePassword)
    {
        email = email.Trim();
        if (!PanelRoles.All.Contains(role))
        {
            return AccountActionResult.Refused("Choose Admin, Staff or Customer.");
        }

        if (!SftpJail.Data.Services.EmailRule.IsValid(email))
        {
            return AccountActionResult.Refused("Enter a valid e-mail address.");
        }

        var generated = password is null;
        var created = await accounts.CreateAsync(email, role, password ?? PasswordGenerator.Generate());
        if (!created.Succeeded)
        {
            return AccountActionResult.Refused(created.Error!);
        }

        if (mustChangePassword)
        {
            created.User.MustChangePassword = true;
            await users.UpdateAsync(created.User);
        }

        await audit.RecordAsync(actor, AccountAudit.Created, created.User.Email!, new { role, mustChangePassword });
        return AccountActionResult.Done(
            generated ? $"{role} account {email} was created; give them this initial password (shown once)." : $"{role} account {email} was created with the password you set.",
            generated ? created.InitialPassword : null);
    }

    public Task<AccountActionResult> SetRoleAsync(string targetId, string role) => WithTargetAsync(targetId, async user =>
    {
        if (!PanelRoles.All.Contains(role))
        {
            return AccountActionResult.Refused("Choose Admin, Staff or Customer.");
        }

        var before = await users.GetRolesAsync(user);
        if (before.Count == 1 && before[0] == role)
        {
            return AccountActionResult.Done($"{user.Email} is already {role}.");
        }

        if (before.Contains(PanelRoles.Admin) && role != PanelRoles.Admin && await RefusalAsync(AccountChange.Demote, user) is { } refusal)
        {
            return AccountActionResult.Refused(refusal);
        }

        if (role != PanelRoles.Customer && await db.Sites.AnyAsync(s => s.CustomerAccountId == user.Id))
        {
            return AccountActionResult.Refused($"{user.Email} owns sites as a customer; give those sites to another customer before making it {role}.");
        }

        var result = await users.RemoveFromRolesAsync(user, before);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, role);
        }

        if (!result.Succeeded)
        {
            return AccountActionResult.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await EndSessionsAsync(user);
        await audit.RecordAsync(actor, RoleChanged, user.Email!, new { before = string.Join(",", before), after = role });
        return AccountActionResult.Done($"{user.Email} is now {role}; their open sessions were ended.");
    });

    public Task<AccountActionResult> SetLockedAsync(string targetId, bool locked) => WithTargetAsync(targetId, async user =>
    {
        if (locked && await RefusalAsync(AccountChange.Lock, user) is { } refusal)
        {
            return AccountActionResult.Refused(refusal);
        }

        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (locked)
        {
            await EndSessionsAsync(user);
        }
        else
        {
            await users.ResetAccessFailedCountAsync(user);
        }

        await audit.RecordAsync(actor, locked ? AccountAudit.Locked : AccountAudit.Unlocked, user.Email!);
        return AccountActionResult.Done(locked ? $"{user.Email} is locked and signed out." : $"{user.Email} is unlocked.");
    });

    /// <param name="password">The new password, or null to generate one (returned once as the result's secret).</param>
    public Task<AccountActionResult> ResetPasswordAsync(string targetId, string? password, bool mustChangePassword) => WithTargetAsync(targetId, async user =>
    {
        var generated = password is null;
        var secret = password ?? PasswordGenerator.Generate();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, secret);
        if (!result.Succeeded)
        {
            return AccountActionResult.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        user.MustChangePassword = mustChangePassword;
        await users.UpdateAsync(user);
        await EndSessionsAsync(user);
        await audit.RecordAsync(actor, PasswordReset, user.Email!, new { generated, mustChangePassword });
        return AccountActionResult.Done(
            generated ? $"{user.Email} has a new password (shown once); their sessions were ended." : $"{user.Email} has the password you set; their sessions were ended.",
            generated ? secret : null);
    });

    public Task<AccountActionResult> ResetTwoFactorAsync(string targetId) => WithTargetAsync(targetId, async user =>
    {
        if (await RefusalAsync(AccountChange.ResetTwoFactor, user) is { } refusal)
        {
            return AccountActionResult.Refused(refusal);
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        // A new key (the old authenticator's codes stop working), no recovery codes left; the stamp changes with the key.
        await users.ResetAuthenticatorKeyAsync(user);
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes");
        await EndSessionsAsync(user);
        await audit.RecordAsync(actor, AccountAudit.TwoFactorReset, user.Email!, new { by = "admin" });
        return AccountActionResult.Done($"Two-factor sign-in of {user.Email} was reset; they set up a new authenticator at their next sign-in.");
    });

    /// <param name="typed">What the Admin typed to confirm: the account's e-mail.</param>
    public Task<AccountActionResult> DeleteAsync(string targetId, string? typed) => WithTargetAsync(targetId, async user =>
    {
        if (!string.Equals(typed?.Trim(), user.Email, StringComparison.OrdinalIgnoreCase))
        {
            return AccountActionResult.Refused($"Type {user.Email} to confirm.");
        }

        if (await RefusalAsync(AccountChange.Delete, user) is { } refusal)
        {
            return AccountActionResult.Refused(refusal);
        }

        var roles = await users.GetRolesAsync(user);
        var sites = await db.Sites.CountAsync(s => s.CustomerAccountId == user.Id);
        await sessions.EndAllAsync(user.Id);
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            return AccountActionResult.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await audit.RecordAsync(actor, AccountAudit.Deleted, user.Email!, new { roles = string.Join(",", roles), sitesLeftWithoutLogin = sites });
        return AccountActionResult.Done(sites == 0 ? $"{user.Email} was deleted." : $"{user.Email} was deleted; its {sites} site(s) stay, with no customer login.");
    });

    /// <summary>
    /// The flag takes effect on the account's next request: its cookie is re-issued from the database on every request
    /// (security stamp check), and an open tab is refused by <see cref="CircuitPrincipalCheck"/>.
    /// </summary>
    public Task<AccountActionResult> SetMustChangePasswordAsync(string targetId, bool required) => WithTargetAsync(targetId, async user =>
    {
        if (required && user.Id == actorId)
        {
            return AccountActionResult.Refused("Change your own password on your account page.");
        }

        user.MustChangePassword = required;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return AccountActionResult.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await audit.RecordAsync(actor, MustChangePasswordSet, user.Email!, new { required });
        return AccountActionResult.Done(required ? $"{user.Email} must choose a new password before doing anything else." : $"{user.Email} no longer has to change their password.");
    });

    private Task<string?> RefusalAsync(AccountChange change, PanelUser user) =>
        AdminLockoutRule.RefusalAsync(db, change, user.Id, actorId, time.GetUtcNow());

    private async Task EndSessionsAsync(PanelUser user)
    {
        await users.UpdateSecurityStampAsync(user);
        await sessions.EndAllAsync(user.Id);
    }

    // Read, checked and changed inside the gate: the target and the admins are counted as they are now, not as they
    // were before another admin's change that is still being written.
    private Task<AccountActionResult> WithTargetAsync(string targetId, Func<PanelUser, Task<AccountActionResult>> change) =>
        AdminChangeGate.RunAsync(async () =>
        {
            var user = await users.FindByIdAsync(targetId);
            return user is null ? AccountActionResult.Refused("That account no longer exists.") : await change(user);
        });
}
