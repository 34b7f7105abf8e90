using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SftpJail.Web.Api;

/// <summary>
/// One fixed window per token (by its id, so a token's budget is its own whoever holds it), and one per address for
/// requests without a valid token. Runs after authentication, so the partition is the checked token, never a claimed one.
/// </summary>
public static class ApiRateLimits
{
    public const string Policy = "api";

    public static void Configure(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(Policy, context =>
        {
            var settings = context.RequestServices.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue;
            return ApiClaims.TokenIdOf(context.User) is { } tokenId
                ? RateLimitPartition.GetFixedWindowLimiter("token:" + tokenId, _ => PerMinute(settings.RequestsPerMinute))
                : RateLimitPartition.GetFixedWindowLimiter("address:" + ApiTokenAuthentication.From(context), _ => PerMinute(settings.AnonymousRequestsPerMinute));
        });
        options.OnRejected = async (rejected, _) =>
        {
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
            rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var who = ApiClaims.TokenIdOf(rejected.HttpContext.User) is null ? "from this address without a valid token" : "for this token";
            await ApiProblems.Write(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"Too many API requests {who}; retry after {seconds} seconds.");
        };
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
