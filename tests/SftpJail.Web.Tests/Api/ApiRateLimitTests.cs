using System.Net;
using SftpJail.Data.ApiTokens;

namespace SftpJail.Web.Tests.Api;

/// <summary>Each token has its own budget per minute; past it, 429 with Retry-After, and other tokens are unaffected.</summary>
public sealed class ApiRateLimitTests(RateLimitedPanelFactory panel) : IClassFixture<RateLimitedPanelFactory>
{
    [Fact]
    public async Task A_token_past_its_budget_gets_429_with_retry_after_and_another_token_does_not()
    {
        using var busy = panel.Api((await panel.AccountWithTokenAsync(ApiTokenScope.Staff)).Token);
        using var quiet = panel.Api((await panel.AccountWithTokenAsync(ApiTokenScope.Staff)).Token);

        for (var i = 0; i < panel.PerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/v1/sites")).StatusCode);
        }

        var refused = await busy.GetAsync("/api/v1/sites");
        Assert.StartsWith("Too many API requests for this token; retry after ", await refused.ProblemDetailAsync(429), StringComparison.Ordinal);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);

        Assert.Equal(HttpStatusCode.OK, (await quiet.GetAsync("/api/v1/sites")).StatusCode);
    }

    [Fact]
    public async Task Calls_without_a_valid_token_share_one_budget_per_address()
    {
        using var anonymous = panel.Api(null);
        for (var i = 0; i < panel.PerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/sites")).StatusCode);
        }

        using var forged = panel.Api("sjt_0000000000000000_" + new string('A', 43));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await forged.GetAsync("/api/v1/sites")).StatusCode);
    }
}
