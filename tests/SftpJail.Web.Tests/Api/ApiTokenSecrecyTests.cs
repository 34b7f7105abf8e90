using SftpJail.Data.ApiTokens;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Api;

/// <summary>
/// A presented token is never logged. (The tokens page's show-once, never-logged-or-audited test is
/// <c>Components.ApiTokensPageTests</c>, since the page runs in a circuit.)
/// </summary>
public sealed class ApiTokenSecrecyTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task A_forged_token_in_a_request_is_not_logged()
    {
        var token = (await panel.AccountWithTokenAsync(ApiTokenScope.Admin)).Token;
        var forged = token[..^6] + "Zz9Zz9";
        using var api = panel.Api(forged);

        Assert.Equal(ApiTokenService.NotValid, await (await api.GetAsync("/api/v1/plan")).ProblemDetailAsync(401));
        Assert.DoesNotContain(panel.LogLines, line => line.Contains(forged[^20..], StringComparison.Ordinal) || line.Contains(token[^20..], StringComparison.Ordinal));
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == ApiTokenService.DeniedAction && e.Detail!.StartsWith("wrong secret", StringComparison.Ordinal));
    }
}
