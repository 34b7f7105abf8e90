using SftpJail.Data.Audit;
using SftpJail.Data.Services;

namespace SftpJail.Web.Identity;

/// <summary>
/// Panel-account events in the same hash-chained audit log as host changes: who created, locked or signed out whom.
/// Never a password or a key, only what happened.
/// </summary>
public sealed class AccountAudit(IAuditLog audit)
{
    public const string Created = "account.create";
    public const string Locked = "account.lock";
    public const string Unlocked = "account.unlock";
    public const string PasswordChanged = "account.password";
    public const string TwoFactorEnabled = "account.2fa.enable";
    public const string TwoFactorDisabled = "account.2fa.disable";
    public const string LoggedOutEverywhere = "account.logout-everywhere";

    public Task RecordAsync(Actor actor, string action, string account, object? after = null) =>
        audit.AppendAsync(actor, action, $"account:{account}", before: null, after, AuditResults.Recorded);
}
