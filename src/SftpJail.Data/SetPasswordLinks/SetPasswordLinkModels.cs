using SftpJail.Data.Services;

namespace SftpJail.Data.SetPasswordLinks;

/// <param name="UserName">The SFTP user whose password the link sets.</param>
/// <param name="SiteId">When given, the user must belong to this site.</param>
/// <param name="Domain">When given, the user must belong to this site.</param>
/// <param name="LifetimeHours">Null: <see cref="SetPasswordLinkOptions.LifetimeHours"/>.</param>
public sealed record NewSetPasswordLink(string UserName, int? SiteId = null, string? Domain = null, int? LifetimeHours = null);

/// <summary>A made link: <see cref="Token"/> is shown this once and never again.</summary>
public sealed record SetPasswordLinkCreated(bool Succeeded, string? Error, int LinkId, string Domain, string UserName, DateTimeOffset ExpiresAt, string Token, int Revoked)
{
    public static SetPasswordLinkCreated Invalid(string error) => new(false, error, 0, "", "", default, "", 0);
}

/// <summary>What a usable link is for, as its page shows it.</summary>
public sealed record SetPasswordLinkTarget(int LinkId, string Domain, string UserName, DateTimeOffset ExpiresAt);

public enum SetPasswordRedeemStatus
{
    /// <summary>The password is set on the host; the link is used up.</summary>
    Done,

    /// <summary>Unknown, used, expired, revoked, or its user is gone: all answered the same.</summary>
    NotValid,

    /// <summary>The password was refused (its rules, or the executor); the link still works.</summary>
    Refused,
}

/// <param name="Change">The site service's outcome, when the link was good enough to ask it.</param>
public sealed record SetPasswordRedeemed(SetPasswordRedeemStatus Status, string? Error, SetPasswordLinkTarget? Target, OperationResult? Change = null)
{
    public const string NotValidMessage = "This link does not work (any more): it may have expired, been used already, or been replaced by a newer one. Ask your provider for a new link.";

    public static SetPasswordRedeemed NotValid { get; } = new(SetPasswordRedeemStatus.NotValid, NotValidMessage, null);
}
