namespace SftpJail.Web.Api;

/// <summary>POST /api/v1/sites: the CLI's <c>site add</c>, plus the customer account that may see the site.</summary>
/// <param name="UserName">Null: suggested from the domain.</param>
/// <param name="Keys">OpenSSH public key lines (or RFC 4716 blocks).</param>
/// <param name="CustomerEmail">An existing Customer account that gets the site's connection page.</param>
public sealed record NewSiteBody(string? Domain, string? UserName = null, string? Password = null, IReadOnlyList<string>? Keys = null, bool ReadOnly = false, bool KeyOnly = false, string? CustomerEmail = null)
{
    public override string ToString() => $"NewSiteBody {{ Domain = {Domain}, UserName = {UserName}, Password = {(Password is null ? "null" : "***")} }}";
}

/// <summary>POST /api/v1/sites/{domain}/users: the CLI's <c>user add</c>.</summary>
public sealed record NewUserBody(string? UserName, string? Password = null, IReadOnlyList<string>? Keys = null, bool ReadOnly = false, bool KeyOnly = false)
{
    public override string ToString() => $"NewUserBody {{ UserName = {UserName}, Password = {(Password is null ? "null" : "***")} }}";
}

public sealed record PasswordBody(string? Password)
{
    public override string ToString() => "PasswordBody { *** }";
}

/// <summary>One or more public keys, as in a key file.</summary>
public sealed record KeyBody(string? Key);

/// <param name="Limit">"500M", "2G"; null or "none": no limit.</param>
public sealed record DiskLimitBody(string? Limit);

/// <param name="Email">A Customer account; null: nobody.</param>
public sealed record CustomerBody(string? Email);

/// <param name="Scope">Customer, Staff or Admin; never more than the owner's role.</param>
public sealed record NewTokenBody(string? OwnerEmail, string? Name, string? Scope, int? ExpiresInDays = null);
