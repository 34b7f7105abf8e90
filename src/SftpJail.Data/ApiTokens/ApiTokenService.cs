using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;

namespace SftpJail.Data.ApiTokens;

/// <summary>
/// Makes, lists, revokes and checks personal access tokens. Making and revoking one is audited, and so is every refused
/// use of a token that exists (revoked, expired, wrong secret, owner locked, demoted or without two-factor sign-in).
/// Neither the token nor its hash is ever audited or logged: rows name it by <see cref="ApiTokenSecret.Display"/>.
/// </summary>
public sealed class ApiTokenService(SftpJailDbContext db, IAuditLog audit, TimeProvider time)
{
    public const int MaxNameLength = 100;
    public const int DefaultLifetimeDays = 90;
    public const int MaxLifetimeDays = 365;

    public const string CreatedAction = "apitoken.create";
    public const string RevokedAction = "apitoken.revoke";
    public const string DeniedAction = "apitoken.deny";

    /// <summary>The message for anything that is not a token this panel made (nothing more is said about why).</summary>
    public const string NotValid = "The API token is not valid.";

    /// <summary>Last-used times are written at most this often per token: a burst of calls is one write, not one each.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private IQueryable<ApiToken> Tokens => db.Set<ApiToken>();

    public async Task<IReadOnlyList<ApiTokenSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await Tokens.AsNoTracking().Include(t => t.Owner).ToListAsync(cancellationToken);
        return rows.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Select(Summary).ToList();
    }

    public async Task<ApiTokenCreated> CreateAsync(NewApiToken request, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        var name = (request.Name ?? "").Trim();
        if (name.Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return ApiTokenCreated.Invalid($"name: Give the token a name of 1 to {MaxNameLength} characters on one line.");
        }

        if (!Enum.IsDefined(request.Scope))
        {
            return ApiTokenCreated.Invalid("scope: Choose Customer, Staff or Admin.");
        }

        if (request.LifetimeDays is < 1 or > MaxLifetimeDays)
        {
            return ApiTokenCreated.Invalid($"expiresInDays: A token lives 1 to {MaxLifetimeDays} days.");
        }

        var email = (request.OwnerEmail ?? "").Trim();
        var normalized = email.ToUpperInvariant();
        var owner = email.Length == 0 ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (owner is null)
        {
            return ApiTokenCreated.Invalid("owner: No panel account has that e-mail address.");
        }

        var ownerScope = ApiTokenScopes.Highest(await RolesAsync(owner.Id, cancellationToken));
        if (ownerScope is null || ownerScope < request.Scope)
        {
            return ApiTokenCreated.Invalid($"scope: {owner.Email} is {ownerScope?.ToString() ?? "in no panel role"}; a token cannot do more than its owner.");
        }

        var now = time.GetUtcNow();
        var (text, keyId, hash) = ApiTokenSecret.Generate();
        var token = new ApiToken
        {
            KeyId = keyId,
            SecretHash = hash,
            Name = name,
            Scope = request.Scope,
            OwnerId = owner.Id,
            CreatedBy = actor.Name,
            CreatedAt = now,
            ExpiresAt = now.AddDays(request.LifetimeDays),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        var summary = Summary(token) with { OwnerEmail = owner.Email ?? owner.Id };
        await audit.AppendAsync(actor, CreatedAction, Target(keyId), null, AuditView(summary), AuditResults.Recorded, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new ApiTokenCreated(true, null, summary, text);
    }

    /// <summary>Revokes the token at once (its next use is refused). Null on success, otherwise why not.</summary>
    public async Task<string?> RevokeAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var token = await db.Set<ApiToken>().Include(t => t.Owner).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null)
        {
            return "token: No such API token.";
        }

        if (token.RevokedAt is not null)
        {
            return $"token: {ApiTokenSecret.Display(token.KeyId)} is already revoked.";
        }

        var before = AuditView(Summary(token));
        token.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(actor, RevokedAction, Target(token.KeyId), before, AuditView(Summary(token)), AuditResults.Recorded, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return null;
    }

    /// <summary>
    /// Checks a presented token against the row its key id names, its owner's account and roles now. A refusal of a
    /// token that exists is audited with <paramref name="from"/> (the caller's address).
    /// </summary>
    public async Task<ApiTokenCheck> AuthenticateAsync(string presented, bool requireTwoFactorForStaff, string from, CancellationToken cancellationToken = default)
    {
        if (!ApiTokenSecret.TryParse(presented, out var keyId, out var secret))
        {
            return ApiTokenCheck.Denied(NotValid);
        }

        var token = await Tokens.AsNoTracking().Include(t => t.Owner).FirstOrDefaultAsync(t => t.KeyId == keyId, cancellationToken);
        if (token is null)
        {
            return ApiTokenCheck.Denied(NotValid);
        }

        var now = time.GetUtcNow();
        var (reason, message) = await RefusalAsync(token, secret, requireTwoFactorForStaff, now, cancellationToken);
        if (reason is not null)
        {
            await DenyAsync(token.KeyId, reason, from, cancellationToken);
            return ApiTokenCheck.Denied(message!);
        }

        if (token.LastUsedAt is not { } used || now - used >= LastUsedResolution)
        {
            await Tokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return new ApiTokenCheck(new ApiTokenIdentity(token.Id, token.KeyId, token.OwnerId, token.Owner!.Email ?? token.OwnerId, token.Scope, token.Owner.TwoFactorEnabled), null);
    }

    /// <summary>Audits a refused use of an existing token (also a valid token asking for more than its scope).</summary>
    public Task DenyAsync(string keyId, string reason, string from, CancellationToken cancellationToken = default) =>
        audit.AppendAsync(new Actor($"api:{ApiTokenSecret.Display(keyId)}"), DeniedAction, Target(keyId), null, null, AuditResults.Recorded,
            detail: $"{reason}; from {from}", cancellationToken: cancellationToken);

    private async Task<(string? Reason, string? Message)> RefusalAsync(ApiToken token, string secret, bool requireTwoFactorForStaff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!ApiTokenSecret.Matches(secret, token.SecretHash))
        {
            return ("wrong secret", NotValid);
        }

        if (token.RevokedAt is not null)
        {
            return ("revoked", "The API token was revoked.");
        }

        if (token.ExpiresAt <= now)
        {
            return ("expired", "The API token has expired.");
        }

        var owner = token.Owner!;
        if (owner.LockoutEnd is { } end && end > now)
        {
            return ("owner locked", "The API token's owner account is locked.");
        }

        if (owner.MustChangePassword)
        {
            return ("owner must change password", "The API token's owner must change their password (sign in to the panel) before the token works.");
        }

        var ownerScope = ApiTokenScopes.Highest(await RolesAsync(owner.Id, cancellationToken));
        if (ownerScope is null || ownerScope < token.Scope)
        {
            return ($"owner is no longer {token.Scope}", $"The API token's owner no longer has the {token.Scope} role.");
        }

        if (requireTwoFactorForStaff && token.Scope >= ApiTokenScope.Staff && !owner.TwoFactorEnabled)
        {
            return ("owner has no two-factor sign-in", "The API token's owner must enrol an authenticator before a Staff or Admin token works.");
        }

        return (null, null);
    }

    private Task<List<string>> RolesAsync(string userId, CancellationToken cancellationToken) =>
        (from link in db.UserRoles
         join role in db.Roles on link.RoleId equals role.Id
         where link.UserId == userId
         select role.Name!).ToListAsync(cancellationToken);

    private static string Target(string keyId) => $"apitoken:{ApiTokenSecret.Display(keyId)}";

    private static object AuditView(ApiTokenSummary s) => new { s.Name, scope = s.Scope.ToString(), owner = s.OwnerEmail, s.ExpiresAt, s.RevokedAt };

    private static ApiTokenSummary Summary(ApiToken t) => new(
        t.Id, ApiTokenSecret.Display(t.KeyId), t.Name, t.Scope, t.OwnerId, t.Owner?.Email ?? t.OwnerId, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}
