using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using SftpJail.Web.Api;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Operations;

/// <summary>
/// A scraper elsewhere (Prometheus on another host, or through the reverse proxy) reads <c>/metrics</c> with an API
/// token: <c>Authorization: Bearer sjt_…</c> of scope Staff or Admin, checked by the API's own token scheme (hashed
/// secret, expiry, revocation, two-factor rule, last-used time, refusals audited). Customer tokens are refused: the
/// metrics are about every customer. The panel's cookie never counts here.
/// </summary>
public sealed class MetricsTokenReader : AuthorizationHandler<MetricsReaderRequirement, HttpContext>
{
    public static readonly string[] Scopes = [PanelRoles.Admin, PanelRoles.Staff];

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsReaderRequirement requirement, HttpContext resource)
    {
        if ((await TokenAsync(resource))?.Principal is { } token && Scopes.Any(token.IsInRole))
        {
            context.Succeed(requirement);
        }
    }

    /// <summary>
    /// The token the request presents, checked (null: it presents none). The scheme caches its result per request,
    /// so asking again costs nothing and audits nothing twice.
    /// </summary>
    public static async Task<AuthenticateResult?> TokenAsync(HttpContext http)
    {
        if (string.IsNullOrEmpty(http.Request.Headers.Authorization))
        {
            return null;
        }

        return await http.AuthenticateAsync(ApiTokenAuthentication.SchemeName);
    }
}
