using System.Net;
using SftpJail.Data.ApiTokens;
using SftpJail.Web.Operations;
using SftpJail.Web.Tests.Api;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Operations;

/// <summary>
/// <c>/metrics</c> from elsewhere than this host's loopback: with a Staff or Admin API token (also through a reverse
/// proxy), never with a Customer token, a bad token or the panel's cookie; and no token ever reaches the log.
/// </summary>
public sealed class MetricsTokenTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private static readonly IPAddress Remote = IPAddress.Parse("203.0.113.7");

    [Theory]
    [InlineData(ApiTokenScope.Staff)]
    [InlineData(ApiTokenScope.Admin)]
    public async Task Serves_a_remote_scraper_with_a_staff_or_admin_token(ApiTokenScope scope)
    {
        var token = (await panel.AccountWithTokenAsync(scope)).Token;

        var (status, body, _) = await GetMetricsAsync(Remote, $"Bearer {token}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("# TYPE sftpjail_applies_total counter\n", body, StringComparison.Ordinal);
        Assert.NotNull((await panel.ReadTokenAsync(token)).LastUsedAt);
    }

    [Fact]
    public async Task Serves_a_token_that_came_through_the_reverse_proxy()
    {
        var token = (await panel.AccountWithTokenAsync(ApiTokenScope.Staff)).Token;

        var (status, body, _) = await GetMetricsAsync(IPAddress.Loopback, $"Bearer {token}", forwardedFor: "198.51.100.4");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("sftpjail_applies_total", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_remote_caller_without_a_token_with_401()
    {
        var (status, body, challenge) = await GetMetricsAsync(Remote, null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", challenge);
        Assert.StartsWith(OperationsEndpoints.MetricsDenied, body, StringComparison.Ordinal);
        Assert.DoesNotContain("sftpjail_", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_customer_token_with_403_and_audits_the_refusal()
    {
        var token = (await panel.AccountWithTokenAsync(ApiTokenScope.Customer)).Token;

        var (status, body, _) = await GetMetricsAsync(Remote, $"Bearer {token}");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.DoesNotContain("sftpjail_", body, StringComparison.Ordinal);
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == ApiTokenService.DeniedAction && e.Detail!.Contains("may not read /metrics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_a_forged_a_revoked_and_a_non_bearer_token_with_401_and_never_logs_one()
    {
        var token = (await panel.AccountWithTokenAsync(ApiTokenScope.Admin)).Token;
        var forged = token[..^6] + "Zz9Zz9";
        var revoked = (await panel.AccountWithTokenAsync(ApiTokenScope.Admin)).Token;
        await panel.RevokeAsync(revoked);

        var refusedForged = await GetMetricsAsync(Remote, $"Bearer {forged}");
        var refusedRevoked = await GetMetricsAsync(Remote, $"Bearer {revoked}");
        var refusedBasic = await GetMetricsAsync(Remote, $"Basic {token}");
        var accepted = await GetMetricsAsync(Remote, $"Bearer {token}");

        Assert.Equal(HttpStatusCode.Unauthorized, refusedForged.Status);
        Assert.Contains(ApiTokenService.NotValid, refusedForged.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedRevoked.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedBasic.Status);
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.NotEmpty(panel.LogLines);
        foreach (var secret in new[] { token, forged, revoked })
        {
            Assert.DoesNotContain(panel.LogLines, line => line.Contains(secret[^20..], StringComparison.Ordinal));
            Assert.DoesNotContain(secret[^20..], refusedForged.Body + refusedRevoked.Body + refusedBasic.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_panel_cookie_of_a_signed_in_admin_does_not_open_the_metrics()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        var response = await admin.GetAsync(OperationsEndpoints.MetricsPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("sftpjail_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Sent through the test server with the remote address set, as Kestrel would for a real connection.</summary>
    private async Task<(HttpStatusCode Status, string Body, string? Challenge)> GetMetricsAsync(IPAddress remote, string? authorization, string? forwardedFor = null)
    {
        var context = await panel.Server.SendAsync(http =>
        {
            http.Request.Method = "GET";
            http.Request.Path = OperationsEndpoints.MetricsPath;
            http.Connection.RemoteIpAddress = remote;
            if (authorization is not null)
            {
                http.Request.Headers.Authorization = authorization;
            }

            if (forwardedFor is not null)
            {
                http.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        var challenge = context.Response.Headers.WWWAuthenticate.ToString();
        return ((HttpStatusCode)context.Response.StatusCode, await reader.ReadToEndAsync(), challenge.Length == 0 ? null : challenge);
    }
}
