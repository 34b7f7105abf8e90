using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using SftpJail.Data.Services;

namespace SftpJail.Web.Api;

/// <summary>/api/v1/users/{name}: the CLI's <c>user …</c> commands.</summary>
public static class UserEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users/{name}").WithTags("Users").RequireAuthorization(ApiPolicies.Staff);
        users.MapPut("/password", SetPasswordAsync)
            .WithSummary("Set the user's password (user passwd)").Accepts<PasswordBody>("application/json").Produces<ChangeResponse>();
        users.MapPost("/keys", AddKeyAsync)
            .WithSummary("Add one or more public keys (user key add)").Accepts<KeyBody>("application/json").Produces<ChangeResponse>();
        users.MapDelete("/keys", (string name, [FromQuery] string? fingerprint, ClaimsPrincipal user, ISiteService service, CancellationToken ct) =>
                SiteEndpoints.Change(service.RemoveKeyAsync(name, fingerprint ?? "", user.Actor(), ct), $"removed key {fingerprint} from {name}"))
            .WithSummary("Remove a key by its SHA256 fingerprint, given as ?fingerprint= (user key remove)").Produces<ChangeResponse>();
        users.MapPost("/disable", (string name, ClaimsPrincipal user, ISiteService service, CancellationToken ct) =>
                SiteEndpoints.Change(service.SetUserDisabledAsync(name, true, user.Actor(), ct), $"disabled user {name}"))
            .WithSummary("Refuse every login of the user (user disable)").Produces<ChangeResponse>();
        users.MapPost("/enable", (string name, ClaimsPrincipal user, ISiteService service, CancellationToken ct) =>
                SiteEndpoints.Change(service.SetUserDisabledAsync(name, false, user.Actor(), ct), $"enabled user {name}"))
            .WithSummary("Allow a disabled user to log in again (user enable)").Produces<ChangeResponse>();
        users.MapDelete("", (string name, ClaimsPrincipal user, ISiteService service, CancellationToken ct) =>
                SiteEndpoints.Change(service.RemoveUserAsync(name, user.Actor(), ct), $"removed user {name}"))
            .WithSummary("Remove the user (user remove)").Produces<ChangeResponse>();
    }

    private static async Task<IResult> SetPasswordAsync(string name, HttpRequest request, ClaimsPrincipal user, ISiteService service, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<PasswordBody>(request);
        return body is null ? problem! : await SiteEndpoints.Change(service.SetPasswordAsync(name, body.Password ?? "", user.Actor(), ct), $"changed the password of {name}");
    }

    private static async Task<IResult> AddKeyAsync(string name, HttpRequest request, ClaimsPrincipal user, ISiteService service, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<KeyBody>(request);
        return body is null ? problem! : await SiteEndpoints.Change(service.AddKeyAsync(name, body.Key ?? "", user.Actor(), ct), $"added key(s) to {name}");
    }
}
