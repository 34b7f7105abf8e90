using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Core.Planning;
using SftpJail.Data.Services;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Operations;

/// <summary><c>/metrics</c>: Prometheus text fed by the real code paths (site service applies, the sign-in form), loopback only.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly PanelFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Counts_applies_their_failures_and_durations()
    {
        var before = await ScrapeAsync();

        await factory.AddCustomerAsync();
        factory.Executor.FailApplyWith = "sshd -t rejected the drop-in";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ISiteService>().ApplyAsync(new Actor("test:metrics"));
            Assert.False(result.Succeeded);
        }

        var after = await ScrapeAsync();
        Assert.Equal(before["sftpjail_applies_total"] + 2, after["sftpjail_applies_total"]);
        Assert.Equal(before["sftpjail_apply_failures_total"] + 1, after["sftpjail_apply_failures_total"]);
        Assert.Equal(before["sftpjail_apply_duration_seconds_count"] + 2, after["sftpjail_apply_duration_seconds_count"]);
        Assert.Equal(after["sftpjail_apply_duration_seconds_count"], after["sftpjail_apply_duration_seconds_bucket{le=\"+Inf\"}"]);
        Assert.True(after["sftpjail_apply_duration_seconds_sum"] >= before["sftpjail_apply_duration_seconds_sum"]);
        Assert.Equal(0, after["sftpjail_queue_length"]);
    }

    [Fact]
    public async Task Counts_a_failed_and_a_completed_panel_sign_in()
    {
        var account = await factory.CreateStaffAsync();
        var before = await ScrapeAsync();

        using var anonymous = factory.Anonymous();
        var refused = await anonymous.SubmitAsync("/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = account.Email,
            ["Input.Password"] = "not-the-password-at-all",
        });
        Assert.False(refused.IsRedirect);
        var middle = await ScrapeAsync();
        using var signedIn = await factory.LoginAsAsync(account);
        var after = await ScrapeAsync();

        Assert.Equal(before["sftpjail_panel_failed_logins_total"] + 1, middle["sftpjail_panel_failed_logins_total"]);
        Assert.Equal(before["sftpjail_panel_logins_total"], middle["sftpjail_panel_logins_total"]);
        Assert.Equal(middle["sftpjail_panel_logins_total"] + 1, after["sftpjail_panel_logins_total"]);
        Assert.Equal(middle["sftpjail_panel_failed_logins_total"], after["sftpjail_panel_failed_logins_total"]);
    }

    [Fact]
    public async Task Reports_the_drift_the_last_reconcile_found()
    {
        Assert.False((await ScrapeAsync()).ContainsKey("sftpjail_drift"));
        factory.Executor.Drift =
        [
            new PlanStep(PlanStepKind.CreateUser, "gone1", "create jailed user gone1"),
            new PlanStep(PlanStepKind.CreateUser, "gone2", "create jailed user gone2"),
        ];
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISiteService>().ReconcileAsync();
        }

        Assert.Equal(2, (await ScrapeAsync())["sftpjail_drift"]);
    }

    [Theory]
    [InlineData("203.0.113.7", null)]
    [InlineData("::ffff:192.0.2.10", null)]
    [InlineData("127.0.0.1", "X-Forwarded-For")]
    [InlineData("::1", "Forwarded")]
    [InlineData("127.0.0.1", "X-Real-IP")]
    [InlineData("127.0.0.1", "X-Original-For")]
    public async Task Refuses_a_caller_that_is_not_this_hosts_loopback(string address, string? forwardingHeader)
    {
        var (status, body) = await GetMetricsAsync(IPAddress.Parse(address), forwardingHeader);

        // 401: without a token (MetricsTokenTests has the token cases).
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.DoesNotContain("sftpjail_", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Serves_prometheus_text_to_loopback(string address)
    {
        var (status, body) = await GetMetricsAsync(IPAddress.Parse(address), null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("# TYPE sftpjail_applies_total counter\n", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE sftpjail_apply_duration_seconds histogram\n", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE sftpjail_queue_length gauge\n", body, StringComparison.Ordinal);
    }

    private Task<Dictionary<string, double>> ScrapeAsync() => factory.ScrapeAsync();

    private Task<(HttpStatusCode Status, string Body)> GetMetricsAsync(IPAddress remote, string? forwardingHeader) => factory.GetMetricsTextAsync(remote, forwardingHeader);
}
