using SftpJail.Data.Entities;

namespace SftpJail.Data.Services;

/// <summary>What the audit log keeps of a site: no password, only whether one is set, and key fingerprints.</summary>
internal sealed record SiteAuditView(string Domain, bool Enabled, string? CustomerAccountId, IReadOnlyList<UserAuditView> Users)
{
    public static SiteAuditView Of(Site site) =>
        new(site.Domain, site.Enabled, site.CustomerAccountId, site.Users.OrderBy(u => u.Id).Select(UserAuditView.Of).ToList());
}

internal sealed record UserAuditView(string Name, bool ReadOnly, bool KeyOnly, bool Disabled, bool HasPassword, IReadOnlyList<string> Keys)
{
    public static UserAuditView Of(SftpAccount account) =>
        new(account.UserName, account.ReadOnly, account.KeyOnly, account.Disabled, account.HasPassword,
            account.Keys.OrderBy(k => k.Id).Select(k => k.Fingerprint).ToList());
}

internal sealed record PasswordAuditView(string Name, bool HasPassword, bool PasswordChanged);
