using Microsoft.AspNetCore.Identity;
using SftpJail.Data.Identity;

namespace SftpJail.Web.Identity;

/// <summary>
/// Proof, in the request itself, that whoever holds this session owns the account: its current password and a current
/// authenticator code. Asked before the authenticator is replaced, turned off or its recovery codes renewed, so a stolen
/// session cannot take over two-factor sign-in. Failures count towards the account's lockout like failed sign-ins.
/// </summary>
public sealed class AccountReauthentication(SignInManager<PanelUser> signIn, AccountAudit audit)
{
    public const string Wrong = "The password or the code is not right. Codes change every 30 seconds and each works once.";

    /// <summary>Null when both are right; otherwise the message for the form.</summary>
    public async Task<string?> CheckAsync(PanelUser user, string? password, string? code)
    {
        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(password) || digits.Length == 0)
        {
            return "Enter your current password and a code from your authenticator app.";
        }

        // With two-factor on, a right password does not reset the failed count, so guessing the code cannot be
        // interleaved with right passwords to stay under the lockout.
        var checkedPassword = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (checkedPassword.IsLockedOut)
        {
            await audit.RecordSignInAsync(AccountAudit.Anonymous, AccountAudit.LockedOut, user.Email!, "re-authentication: password");
            return Locked;
        }

        if (!checkedPassword.Succeeded)
        {
            await audit.RecordSignInAsync(AccountAudit.Anonymous, AccountAudit.LoginFailed, user.Email!, "re-authentication: wrong password");
            return Wrong;
        }

        var users = signIn.UserManager;
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            await users.AccessFailedAsync(user);
            var locked = await users.IsLockedOutAsync(user);
            await audit.RecordSignInAsync(AccountAudit.Anonymous, locked ? AccountAudit.LockedOut : AccountAudit.TwoFactorFailed, user.Email!, "re-authentication: wrong authenticator code");
            return locked ? Locked : Wrong;
        }

        return null;
    }

    private const string Locked = "Too many failed attempts: the account is locked for 15 minutes.";
}
