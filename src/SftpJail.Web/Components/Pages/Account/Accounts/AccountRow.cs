namespace SftpJail.Web.Components.Pages.Account.Accounts;

/// <summary>A site a Customer account owns, for the link in its row.</summary>
public sealed record OwnedSite(int Id, string Domain);

/// <summary>One panel account as the Accounts grid shows it.</summary>
public sealed record AccountRow(
    string Id,
    string Email,
    string Role,
    bool Locked,
    bool TwoFactor,
    bool MustChangePassword,
    DateTimeOffset? LastLogin,
    DateTime? CreatedUtc,
    IReadOnlyList<OwnedSite> Sites);
