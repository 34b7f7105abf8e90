using System.Security.Claims;
using SftpJail.Core.Contract;
using SftpJail.Data.Services;

namespace SftpJail.Web.Api;

/// <summary>/api/v1/plan, /apply, /reconcile: the CLI's state commands (the panel's Host page: Admin only).</summary>
public static class StateEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var state = api.MapGroup("").WithTags("State").RequireAuthorization(ApiPolicies.Admin);
        state.MapGet("/plan", async (ISiteService service, CancellationToken ct) =>
            {
                var plan = await service.PlanAsync(ct);
                return plan.Error is null ? TypedResults.Ok(plan) : ApiProblems.ReadFailure(plan.Error);
            })
            .WithSummary("What applying the database state would change on the host (plan)").Produces<PlanResult>();
        state.MapPost("/apply", async (ClaimsPrincipal user, ISiteService service, CancellationToken ct) =>
            {
                var result = await service.ApplyAsync(user.Actor(), ct);
                return ApiProblems.Failure(result)
                    ?? TypedResults.Ok(ChangeResponse.Of(result, result.Steps.Count == 0 ? "applied: nothing to change" : $"applied {result.Steps.Count} change(s):"));
            })
            .WithSummary("Make the host match the database, also repairing drift (apply)").Produces<ChangeResponse>();
        state.MapPost("/reconcile", async (ISiteService service, CancellationToken ct) =>
            {
                var result = await service.ReconcileAsync(ct);
                return result.Error is null ? TypedResults.Ok(result) : ApiProblems.ReadFailure(result.Error);
            })
            .WithSummary("Compare the host with the database and record each site's status (reconcile)").Produces<ReconcileResult>();
    }
}
