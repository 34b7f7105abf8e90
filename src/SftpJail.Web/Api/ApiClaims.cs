using System.Security.Claims;
using SftpJail.Data.ApiTokens;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Api;

/// <summary>What an API request's principal carries: the owner account, the token's scope as its one role, and the token.</summary>
public static class ApiClaims
{
    public const string TokenId = "sftpjail:api-token";
    public const string KeyId = "sftpjail:api-key-id";

    public static ClaimsPrincipal Principal(ApiTokenIdentity token) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, token.OwnerId),
            new Claim(ClaimTypes.Name, token.OwnerEmail),
            new Claim(ClaimTypes.Role, token.Scope.ToString()),
            new Claim(TokenId, token.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(KeyId, token.KeyId),

            // Read by TwoFactorEnrolmentMiddleware: true here, since a Staff or Admin token whose owner has no
            // authenticator is refused when enrolment is required.
            new Claim(PanelClaimsPrincipalFactory.TwoFactorClaim, token.OwnerTwoFactor ? "on" : "off"),
        ],
        ApiTokenAuthentication.SchemeName,
        ClaimTypes.Name,
        ClaimTypes.Role));

    public static string? TokenIdOf(ClaimsPrincipal user) => user.FindFirstValue(TokenId);

    public static string? KeyIdOf(ClaimsPrincipal user) => user.FindFirstValue(KeyId);

    public static string OwnerId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public static bool IsCustomerScope(this ClaimsPrincipal user) => user.IsInRole(PanelRoles.Customer);

    /// <summary>Changes through the API are audited as the token's owner, naming the token (never its secret).</summary>
    public static Actor Actor(this ClaimsPrincipal user) =>
        new($"api:{user.Identity?.Name} ({ApiTokenSecret.Display(KeyIdOf(user) ?? "?")})");
}
