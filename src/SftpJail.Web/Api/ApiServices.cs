using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.OpenApi;
using SftpJail.Data.ApiTokens;

namespace SftpJail.Web.Api;

/// <summary>Registers the REST API: token authentication, its policies, the per-token rate limit and the OpenAPI document.</summary>
public static class ApiServices
{
    /// <summary>The panel's default scheme from now on: the token scheme for <c>/api</c>, the Identity cookie everywhere else.</summary>
    public const string SelectorScheme = "SftpJail.ApiOrCookie";

    public const string DocumentName = "v1";

    public static IServiceCollection AddPanelApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section);
        services.AddScoped<ApiTokenService>();
        services.AddSingleton<ApiRouteTable>();

        // The cookie must never authenticate an API call: a page could make the browser send it (and API calls carry
        // no antiforgery token). For /api the default scheme is the token scheme alone.
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null)
            .AddPolicyScheme(SelectorScheme, null, options =>
            {
                options.ForwardDefault = IdentityConstants.ApplicationScheme;
                options.ForwardDefaultSelector = context => IsApi(context.Request.Path) ? ApiTokenAuthentication.SchemeName : null;
            });
        services.PostConfigure<AuthenticationOptions>(options =>
        {
            if (options.DefaultScheme == IdentityConstants.ApplicationScheme)
            {
                options.DefaultScheme = SelectorScheme;
            }
        });
        services.AddAuthorization(ApiPolicies.Add);
        services.AddRateLimiter(ApiRateLimits.Configure);
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.OrdinalIgnoreCase) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "SftpJail API";
                document.Info.Description = "Everything the sftpjail CLI does, with personal access tokens: send 'Authorization: Bearer sjt_…'. " +
                    "Errors are RFC 9457 Problem Details whose detail is the CLI's error line.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal access token (sjt_…) made by an Admin.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}
