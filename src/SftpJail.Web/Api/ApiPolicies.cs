using Microsoft.AspNetCore.Authorization;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Api;

/// <summary>The API's three levels, the panel's roles: a token's scope is its one role, so an Admin token passes all three.</summary>
public static class ApiPolicies
{
    public const string Customer = "api:customer";
    public const string Staff = "api:staff";
    public const string Admin = "api:admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Customer, Policy(PanelRoles.Admin, PanelRoles.Staff, PanelRoles.Customer));
        options.AddPolicy(Staff, Policy(PanelRoles.Admin, PanelRoles.Staff));
        options.AddPolicy(Admin, Policy(PanelRoles.Admin));
    }

    private static AuthorizationPolicy Policy(params string[] roles) =>
        new AuthorizationPolicyBuilder(ApiTokenAuthentication.SchemeName).RequireAuthenticatedUser().RequireRole(roles).Build();
}
