using System.Security.Claims;
using SftpJail.Data.ApiTokens;

namespace SftpJail.Web.Api;

/// <summary>/api/v1/tokens (Admin) and /api/v1/me (any token): the same <see cref="ApiTokenService"/> as the panel's API tokens page.</summary>
public static class TokenEndpoints
{
    /// <param name="Token">The token itself, shown this once: only its hash is kept.</param>
    public sealed record CreatedToken(string Token, ApiTokenSummary Summary)
    {
        public override string ToString() => $"CreatedToken {{ {Summary} }}";
    }

    public sealed record Me(string Account, string Scope, string Token);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new Me(
                user.Identity!.Name!, Enum.GetNames<ApiTokenScope>().First(user.IsInRole), ApiTokenSecret.Display(ApiClaims.KeyIdOf(user)!))))
            .WithTags("Tokens").RequireAuthorization(ApiPolicies.Customer).WithSummary("The account and scope this token acts as").Produces<Me>();

        var tokens = api.MapGroup("/tokens").WithTags("Tokens").RequireAuthorization(ApiPolicies.Admin);
        tokens.MapGet("", async (ApiTokenService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(ct)))
            .WithSummary("Every token (never a secret)").Produces<IReadOnlyList<ApiTokenSummary>>();
        tokens.MapPost("", CreateAsync)
            .WithSummary("Make a token for a panel account; the response is the only time it is shown").Accepts<NewTokenBody>("application/json").Produces<CreatedToken>(StatusCodes.Status201Created);
        tokens.MapDelete("/{id:int}", async (int id, ClaimsPrincipal user, ApiTokenService service, CancellationToken ct) =>
                await service.RevokeAsync(id, user.Actor(), ct) is { } error
                    ? (error.StartsWith("token: No such", StringComparison.Ordinal) ? ApiProblems.NotFound(error) : ApiProblems.BadRequest(error))
                    : TypedResults.NoContent())
            .WithSummary("Revoke a token at once").Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, ApiTokenService service, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<NewTokenBody>(request);
        if (body is null)
        {
            return problem!;
        }

        if (!ApiTokenScopes.TryParse(body.Scope, out var scope))
        {
            return ApiProblems.BadRequest("scope: Choose Customer, Staff or Admin.");
        }

        var created = await service.CreateAsync(new NewApiToken(body.OwnerEmail ?? "", body.Name ?? "", scope, body.ExpiresInDays ?? ApiTokenService.DefaultLifetimeDays), user.Actor(), ct);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/tokens/{created.Summary!.Id}", new CreatedToken(created.Token!, created.Summary))
            : ApiProblems.BadRequest(created.Error!);
    }
}
