using SftpJail.Data.Audit;
using SftpJail.Data.Services;

namespace SftpJail.Web.Identity;

/// <summary>
/// Panel-account events in the same hash-chained audit log as host changes: who created, locked or signed out whom,
/// and every sign-in, failed sign-in and lockout. Never a password, a code or a key, only what happened and from where.
/// </summary>
public sealed class AccountAudit(IAuditLog audit, IHttpContextAccessor accessor, Operations.PanelMetrics? metrics = null)
{
    public const string Created = "account.create";
    public const string Deleted = "account.delete";
    public const string Locked = "account.lock";
    public const string Unlocked = "account.unlock";
    public const string PasswordChanged = "account.password";
    public const string TwoFactorEnabled = "account.2fa.enable";
    public const string TwoFactorDisabled = "account.2fa.disable";
    public const string TwoFactorReset = "account.2fa.reset";
    public const string RecoveryCodesRenewed = "account.2fa.recovery-codes";
    public const string LoggedOutEverywhere = "account.logout-everywhere";
    public const string LoggedOut = "account.logout";
    public const string LoggedIn = "account.login";
    public const string LoginFailed = "account.login.fail";
    public const string LockedOut = "account.lockout";
    public const string TwoFactorFailed = "account.2fa.fail";

    /// <summary>Target of a failed sign-in for an e-mail no account has: what was typed is not recorded (it may be a password typed in the wrong field).</summary>
    public const string UnknownAccount = "unknown";

    /// <summary>Who a failed attempt is attributed to: whoever typed it is not known to be the account's owner.</summary>
    public static readonly Actor Anonymous = new("panel:anonymous");

    public Task RecordAsync(Actor actor, string action, string account, object? after = null) =>
        audit.AppendAsync(actor, action, $"account:{account}", before: null, after, AuditResults.Recorded, detail: From());

    /// <summary>A sign-in event; <paramref name="how"/> says which step (password, authenticator code, recovery code) and why it failed.</summary>
    public Task RecordSignInAsync(Actor actor, string action, string account, string how)
    {
        CountSignIn(action);
        return audit.AppendAsync(actor, action, $"account:{account}", before: null, after: null, AuditResults.Recorded, detail: $"{how}; {From()}");
    }

    private void CountSignIn(string action)
    {
        if (action == LoggedIn)
        {
            metrics?.SignedIn();
        }
        else if (action is LoginFailed or TwoFactorFailed or LockedOut)
        {
            metrics?.SignInFailed();
        }
    }

    private string From() => $"from {accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown address"}";
}
