using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data;

namespace SftpJail.Web.Identity;

/// <summary>
/// Server-side record of every signed-in browser, so that logging out ends that session for good: a copied cookie is
/// only honoured while its session row exists. Rows live in AspNetUserTokens (no schema of their own), one per
/// session, named by a random id that the cookie carries in its authentication properties (which survive cookie
/// refreshes and security-stamp re-validation, unlike claims).
/// </summary>
public sealed class PanelSessions(SftpJailDbContext db, TimeProvider time)
{
    public const string LoginProvider = "SftpJail.Session";
    public const string PropertyKey = ".sftpjail.session";

    /// <summary>A session not renewed by a new sign-in is forgotten after this, whatever its cookie says.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    /// <summary>Cookie event: gives a new sign-in its session row (a refresh of an existing session keeps its id).</summary>
    public static Task OnSigningInAsync(CookieSigningInContext context) =>
        context.Properties.Items.ContainsKey(PropertyKey) || UserId(context.Principal) is not { } userId
            ? Task.CompletedTask
            : context.HttpContext.RequestServices.GetRequiredService<PanelSessions>().StartAsync(userId, context.Properties);

    /// <summary>Cookie event, after the security-stamp check: a cookie whose session was ended is refused.</summary>
    public static async Task OnValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is null || UserId(context.Principal) is not { } userId)
        {
            return;
        }

        var sessions = context.HttpContext.RequestServices.GetRequiredService<PanelSessions>();
        if (!context.Properties.Items.TryGetValue(PropertyKey, out var sessionId) || !await sessions.IsActiveAsync(userId, sessionId))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        // An interactive circuit only sees the principal, not the cookie's properties: it re-checks the session by this claim.
        if (context.Principal.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == CircuitPrincipalCheck.SessionClaim))
        {
            identity.AddClaim(new Claim(CircuitPrincipalCheck.SessionClaim, sessionId!));
        }
    }

    /// <summary>The session id of the request's application cookie, if it has one.</summary>
    public static async Task<string?> CurrentIdAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return result.Properties?.Items.TryGetValue(PropertyKey, out var id) == true ? id : null;
    }

    public async Task StartAsync(string userId, AuthenticationProperties properties)
    {
        var now = time.GetUtcNow();
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        // Values are sortable UTC timestamps, so old rows can be pruned with one comparison.
        var cutoff = Stamp(now - MaxAge);
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider && string.Compare(t.Value, cutoff) < 0).ExecuteDeleteAsync();
        await db.UserTokens.AddAsync(new IdentityUserToken<string> { UserId = userId, LoginProvider = LoginProvider, Name = id, Value = Stamp(now) });
        await db.SaveChangesAsync();
        properties.Items[PropertyKey] = id;
    }

    public async Task<bool> IsActiveAsync(string userId, string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return false;
        }

        var cutoff = Stamp(time.GetUtcNow() - MaxAge);
        return await db.UserTokens.AnyAsync(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == sessionId && string.Compare(t.Value, cutoff) >= 0);
    }

    public Task EndAsync(string userId, string? sessionId) =>
        string.IsNullOrEmpty(sessionId)
            ? Task.CompletedTask
            : db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == sessionId).ExecuteDeleteAsync();

    public Task EndAllAsync(string userId) =>
        db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider).ExecuteDeleteAsync();

    private static string? UserId(ClaimsPrincipal? principal) => principal?.FindFirstValue(ClaimTypes.NameIdentifier);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
