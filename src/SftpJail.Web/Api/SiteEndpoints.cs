using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SftpJail.Data.ApiTokens;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Api;

/// <summary>/api/v1/sites: the CLI's <c>site …</c> commands and <c>user add</c>, through the same <see cref="ISiteService"/>.</summary>
public static class SiteEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var sites = api.MapGroup("/sites").WithTags("Sites");
        sites.MapGet("", ListAsync).RequireAuthorization(ApiPolicies.Customer)
            .WithSummary("List sites (a Customer token: only its owner's)").Produces<Page<SiteSummary>>();
        sites.MapGet("/{domain}", GetAsync).RequireAuthorization(ApiPolicies.Customer)
            .WithSummary("One site with its SFTP users and keys").Produces<SiteDetail>();
        sites.MapPost("", AddAsync).RequireAuthorization(ApiPolicies.Staff)
            .WithSummary("Add a site and its SFTP user (site add)").Accepts<NewSiteBody>("application/json").Produces<ChangeResponse>(StatusCodes.Status201Created);
        sites.MapDelete("/{domain}", (string domain, ClaimsPrincipal user, ISiteService service, CancellationToken ct) =>
                Change(service.RemoveSiteAsync(domain, user.Actor(), ct), $"removed site {domain}"))
            .RequireAuthorization(ApiPolicies.Staff).WithSummary("Remove a site and its SFTP users (site remove)").Produces<ChangeResponse>();
        sites.MapPost("/{domain}/disable", (string domain, ClaimsPrincipal user, ISiteService service, CancellationToken ct) =>
                Change(service.SetSiteEnabledAsync(domain, false, user.Actor(), ct), $"disabled site {domain}"))
            .RequireAuthorization(ApiPolicies.Staff).WithSummary("Take a site offline (site disable)").Produces<ChangeResponse>();
        sites.MapPost("/{domain}/enable", (string domain, ClaimsPrincipal user, ISiteService service, CancellationToken ct) =>
                Change(service.SetSiteEnabledAsync(domain, true, user.Actor(), ct), $"enabled site {domain}"))
            .RequireAuthorization(ApiPolicies.Staff).WithSummary("Bring a disabled site back (site enable)").Produces<ChangeResponse>();
        sites.MapPut("/{domain}/disk-limit", SetDiskLimitAsync).RequireAuthorization(ApiPolicies.Staff)
            .WithSummary("Set or clear the site's disk limit (site limit)").Accepts<DiskLimitBody>("application/json").Produces<ChangeResponse>();
        sites.MapPut("/{domain}/customer", SetCustomerAsync).RequireAuthorization(ApiPolicies.Staff)
            .WithSummary("Give the site's connection page to a Customer account, or to nobody").Accepts<CustomerBody>("application/json").Produces<ChangeResponse>();
        sites.MapPost("/{domain}/users", AddUserAsync).RequireAuthorization(ApiPolicies.Staff)
            .WithSummary("Add another SFTP user to the site (user add)").Accepts<NewUserBody>("application/json").Produces<ChangeResponse>(StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(
        ClaimsPrincipal user, ISiteService service, [FromQuery] string? search, [FromQuery] string? sort, [FromQuery] string? page, [FromQuery] string? pageSize, CancellationToken ct)
    {
        if (!ApiQuery.TryWhole(page, "page", 1, int.MaxValue, 1, out var pageNumber, out var problem)
            || !ApiQuery.TryWhole(pageSize, "pageSize", 1, SiteService.MaxPageSize, 50, out var size, out problem))
        {
            return problem!;
        }

        var descending = sort?.StartsWith('-') == true;
        var query = new SiteQuery(search, sort?.TrimStart('-') ?? "domain", descending, pageNumber, size, user.IsCustomerScope() ? user.OwnerId() : null);
        return TypedResults.Ok(await service.ListSitesAsync(query, ct));
    }

    private static async Task<IResult> GetAsync(string domain, ClaimsPrincipal user, ISiteService service, ApiTokenService tokens, HttpContext context, CancellationToken ct)
    {
        var site = await service.FindSiteAsync(domain, ct);
        if (site is null)
        {
            return ApiProblems.NotFound($"domain: There is no site {domain}.");
        }

        if (user.IsCustomerScope() && !string.Equals(site.Site.CustomerAccountId, user.OwnerId(), StringComparison.Ordinal))
        {
            await tokens.DenyAsync(ApiClaims.KeyIdOf(user)!, $"customer token asked for another's site {site.Site.Domain}", ApiTokenAuthentication.From(context), CancellationToken.None);
            return ApiProblems.Forbidden("This token may only see its own sites.");
        }

        return TypedResults.Ok(site);
    }

    private static async Task<IResult> AddAsync(HttpRequest request, ClaimsPrincipal user, ISiteService service, UserManager<PanelUser> accounts, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<NewSiteBody>(request);
        if (body is null)
        {
            return problem!;
        }

        string? customerId = null;
        if (!string.IsNullOrWhiteSpace(body.CustomerEmail))
        {
            var customer = await accounts.FindByEmailAsync(body.CustomerEmail.Trim());
            if (customer is null || !await accounts.IsInRoleAsync(customer, PanelRoles.Customer))
            {
                return ApiProblems.BadRequest("customerEmail: No Customer account has that e-mail address.");
            }

            customerId = customer.Id;
        }

        var domain = body.Domain ?? "";
        var result = await service.AddSiteAsync(new NewSiteRequest(domain, body.UserName, body.Password, body.Keys, body.ReadOnly, body.KeyOnly, customerId), user.Actor(), ct);
        if (ApiProblems.Failure(result) is { } failure)
        {
            return failure;
        }

        var site = await service.FindSiteAsync(domain, ct);
        var owner = site?.Users.FirstOrDefault()?.UserName;
        return TypedResults.Created($"/api/v1/sites/{site?.Site.Domain ?? domain}", ChangeResponse.Of(result, $"added site {site?.Site.Domain ?? domain} with SFTP user {owner}"));
    }

    private static async Task<IResult> AddUserAsync(string domain, HttpRequest request, ClaimsPrincipal user, ISiteService service, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<NewUserBody>(request);
        if (body is null)
        {
            return problem!;
        }

        var name = body.UserName ?? "";
        var result = await service.AddUserAsync(new NewUserRequest(domain, name, body.Password, body.Keys, body.ReadOnly, body.KeyOnly), user.Actor(), ct);
        return ApiProblems.Failure(result)
            ?? TypedResults.Created($"/api/v1/users/{name}", ChangeResponse.Of(result, $"added user {name} to {domain}"));
    }

    private static async Task<IResult> SetDiskLimitAsync(string domain, HttpRequest request, ClaimsPrincipal user, ISiteService service, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<DiskLimitBody>(request);
        return body is null ? problem! : await Change(service.SetDiskLimitAsync(domain, body.Limit, user.Actor(), ct), $"set the disk limit of {domain} to {body.Limit ?? "none"}");
    }

    private static async Task<IResult> SetCustomerAsync(string domain, HttpRequest request, ClaimsPrincipal user, ISiteService service, UserManager<PanelUser> accounts, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<CustomerBody>(request);
        if (body is null)
        {
            return problem!;
        }

        string? customerId = null;
        if (!string.IsNullOrWhiteSpace(body.Email))
        {
            var customer = await accounts.FindByEmailAsync(body.Email.Trim());
            if (customer is null || !await accounts.IsInRoleAsync(customer, PanelRoles.Customer))
            {
                return ApiProblems.BadRequest("email: No Customer account has that e-mail address.");
            }

            customerId = customer.Id;
        }

        return await Change(service.SetCustomerAsync(domain, customerId, user.Actor(), ct), customerId is null ? $"{domain} has no customer account" : $"gave {domain} to {body.Email!.Trim()}");
    }

    internal static async Task<IResult> Change(Task<OperationResult> change, string message)
    {
        var result = await change;
        return ApiProblems.Failure(result) ?? TypedResults.Ok(ChangeResponse.Of(result, message));
    }
}
