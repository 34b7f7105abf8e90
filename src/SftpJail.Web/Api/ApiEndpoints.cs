using Scalar.AspNetCore;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Api;

/// <summary>Maps /api/v1 (rate-limited per token), the OpenAPI document and its reference page.</summary>
public static class ApiEndpoints
{
    public const string OpenApiPath = "/api/openapi/{documentName}.json";
    public const string ReferencePath = "/api/reference";

    /// <summary>
    /// The reference page (Scalar) runs an inline start-up script and sets inline styles; this policy, for its own
    /// endpoints only, allows that and nothing from another origin. The page shows the API's description, no panel data.
    /// </summary>
    public const string ReferencePolicy =
        "default-src 'self'; img-src 'self' data:; font-src 'self' data:; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    public static IEndpointRouteBuilder MapPanelApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").RequireRateLimiting(ApiRateLimits.Policy);
        SiteEndpoints.Map(api);
        UserEndpoints.Map(api);
        StateEndpoints.Map(api);
        AuditEndpoints.Map(api);
        ImportEndpoints.Map(api);
        TokenEndpoints.Map(api);
        SetPasswordLinkEndpoints.Map(api);

        endpoints.MapOpenApi(OpenApiPath).RequireRateLimiting(ApiRateLimits.Policy);
        endpoints.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("SftpJail API")
                .WithOpenApiRoutePattern(OpenApiPath)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent())
            .WithMetadata(new ContentSecurityPolicyOverride(ReferencePolicy))
            .RequireRateLimiting(ApiRateLimits.Policy);

        // Anything else under /api (no route, another method) is answered by ApiErrors, as the API answers.
        return endpoints;
    }
}
