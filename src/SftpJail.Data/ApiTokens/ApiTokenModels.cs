namespace SftpJail.Data.ApiTokens;

/// <param name="OwnerEmail">The panel account the token acts as.</param>
/// <param name="LifetimeDays">1 to <see cref="ApiTokenService.MaxLifetimeDays"/>; every token expires.</param>
public sealed record NewApiToken(string OwnerEmail, string Name, ApiTokenScope Scope, int LifetimeDays = ApiTokenService.DefaultLifetimeDays);

/// <summary>A token as listed: never its secret, never its hash.</summary>
public sealed record ApiTokenSummary(
    int Id,
    string Display,
    string Name,
    ApiTokenScope Scope,
    string OwnerId,
    string OwnerEmail,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public string State(DateTimeOffset now) => RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : "active";
}

/// <summary>The outcome of making a token; <see cref="Token"/> is its text, to be shown exactly once.</summary>
public sealed record ApiTokenCreated(bool Succeeded, string? Error, ApiTokenSummary? Summary, string? Token)
{
    public static ApiTokenCreated Invalid(string error) => new(false, error, null, null);

    public override string ToString() => $"ApiTokenCreated {{ Succeeded = {Succeeded}, Error = {Error}, Summary = {Summary} }}";
}

/// <summary>Who a valid token acts for, and in which role.</summary>
/// <param name="OwnerTwoFactor">Whether the owner signs in to the panel with an authenticator.</param>
public sealed record ApiTokenIdentity(int TokenId, string KeyId, string OwnerId, string OwnerEmail, ApiTokenScope Scope, bool OwnerTwoFactor)
{
    public string Display => ApiTokenSecret.Display(KeyId);
}

/// <summary>Either the token's identity, or why it was refused (a sentence fit for the caller).</summary>
public sealed record ApiTokenCheck(ApiTokenIdentity? Identity, string? Denial)
{
    public static ApiTokenCheck Denied(string reason) => new(null, reason);
}
