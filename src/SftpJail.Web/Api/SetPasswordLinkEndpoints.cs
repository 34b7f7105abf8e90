using System.Security.Claims;
using Microsoft.Extensions.Options;
using SftpJail.Data.SetPasswordLinks;
using SftpJail.Web.SetPasswordLinks;

namespace SftpJail.Web.Api;

/// <summary>/api/v1/users/{name}/password-link: the CLI's <c>user password-link</c> (Staff).</summary>
public static class SetPasswordLinkEndpoints
{
    /// <param name="ExpiresInHours">Null: the configured lifetime (SetPasswordLinks:LifetimeHours, 72 by default).</param>
    /// <param name="Domain">When given, the user must belong to this site.</param>
    public sealed record NewLinkBody(int? ExpiresInHours = null, string? Domain = null);

    /// <param name="Link">The link itself, shown this once: only the hash of its token is kept.</param>
    public sealed record CreatedLink(int Id, string Domain, string UserName, DateTimeOffset ExpiresAt, string Link, int RevokedEarlier)
    {
        public override string ToString() => $"CreatedLink {{ Id = {Id}, Domain = {Domain}, UserName = {UserName} }}";
    }

    public sealed record RevokedLinks(string UserName, int Revoked);

    public static void Map(RouteGroupBuilder api)
    {
        var links = api.MapGroup("/users/{name}/password-link").WithTags("Users").RequireAuthorization(ApiPolicies.Staff);
        links.MapPost("", CreateAsync)
            .WithSummary("Make a one-time link the customer opens to choose their own password; earlier unused links stop working (user password-link)")
            // No Accepts<>: its content-type match would turn a call without a body away (to the catch-all's 404).
            .WithDescription("Optional JSON body: {\"expiresInHours\": 24, \"domain\": \"example.com\"} (the lifetime, and the site the user must belong to).")
            .Produces<CreatedLink>(StatusCodes.Status201Created);
        links.MapDelete("", async (string name, ClaimsPrincipal user, SetPasswordLinkService service, CancellationToken ct) =>
                await service.RevokeAsync(new NewSetPasswordLink(name), user.Actor(), ct) is var (revoked, error) && error is null
                    ? TypedResults.Ok(new RevokedLinks(name, revoked))
                    : ApiProblems.NotFound(error))
            .WithSummary("Withdraw the user's unused set-password links (user password-link --revoke)").Produces<RevokedLinks>();
    }

    private static async Task<IResult> CreateAsync(string name, HttpRequest request, ClaimsPrincipal user, SetPasswordLinkService service, IOptionsSnapshot<SetPasswordLinkOptions> options, CancellationToken ct)
    {
        var body = new NewLinkBody();
        // The body is optional: none at all takes the defaults.
        if (request.ContentLength > 0 || (request.ContentLength is null && request.HasJsonContentType()))
        {
            var (read, problem) = await ApiJson.ReadAsync<NewLinkBody>(request);
            if (read is null)
            {
                return problem!;
            }

            body = read;
        }

        var made = await service.CreateAsync(new NewSetPasswordLink(name, Domain: body.Domain, LifetimeHours: body.ExpiresInHours), user.Actor(), ct);
        if (!made.Succeeded)
        {
            return made.Error!.StartsWith("username: There is no user", StringComparison.Ordinal) ? ApiProblems.NotFound(made.Error) : ApiProblems.BadRequest(made.Error);
        }

        var requestBase = $"{request.Scheme}://{request.Host}{request.PathBase}/";
        var link = SetPasswordLinkPanelServices.LinkFor(options.Value, requestBase, made.Token);
        return TypedResults.Created($"/api/v1/users/{made.UserName}/password-link", new CreatedLink(made.LinkId, made.Domain, made.UserName, made.ExpiresAt, link, made.Revoked));
    }
}
