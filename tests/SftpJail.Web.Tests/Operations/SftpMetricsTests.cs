using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Core.Activity;
using SftpJail.Data;
using SftpJail.Data.Activity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Operations;

/// <summary>
/// The customers' SFTP logins in <c>/metrics</c>, from the customer activity history (sshd's log as the recorder
/// stores it), as their own series beside the panel's sign-ins.
/// </summary>
public sealed class SftpMetricsTests : IDisposable
{
    private readonly PanelFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Counts_sftp_logins_failed_logins_and_open_sessions_from_the_activity_log()
    {
        var site = await factory.AddCustomerAsync();
        await PullAsync();
        var before = await ScrapeAsync();
        var at = DateTimeOffset.UtcNow;
        var pid = Random.Shared.Next(100_000, 4_000_000);

        factory.Executor.Log(
            new ActivityEvent(ActivityEventKind.LoginFailed, at, 0, site.UserName, "198.51.100.9", 40001, "password"),
            new ActivityEvent(ActivityEventKind.LoginFailed, at.AddSeconds(1), 0, site.UserName, "198.51.100.9", 40002, "password"),
            new ActivityEvent(ActivityEventKind.LoginAccepted, at.AddSeconds(2), 0, site.UserName, "198.51.100.9", 40003, "publickey"),
            new ActivityEvent(ActivityEventKind.SessionOpened, at.AddSeconds(3), pid, site.UserName, "198.51.100.9"),

            // Not an account SftpJail manages: the recorder drops it, so it is nobody's login here.
            new ActivityEvent(ActivityEventKind.LoginAccepted, at.AddSeconds(4), 0, "root", "198.51.100.9", 40004, "publickey"));
        await PullAsync();
        var after = await ScrapeAsync();

        Assert.Equal(before["sftpjail_sftp_logins_total"] + 1, after["sftpjail_sftp_logins_total"]);
        Assert.Equal(before["sftpjail_sftp_failed_logins_total"] + 2, after["sftpjail_sftp_failed_logins_total"]);
        Assert.Equal(before["sftpjail_sftp_sessions_open"] + 1, after["sftpjail_sftp_sessions_open"]);
        Assert.Equal(1, after["sftpjail_sftp_log_source"]);
        Assert.Equal(before["sftpjail_panel_logins_total"], after["sftpjail_panel_logins_total"]);
        Assert.Equal(before["sftpjail_panel_failed_logins_total"], after["sftpjail_panel_failed_logins_total"]);

        factory.Executor.Log(new ActivityEvent(ActivityEventKind.SessionClosed, at.AddSeconds(5), pid, site.UserName, "198.51.100.9"));
        await PullAsync();
        Assert.Equal(before["sftpjail_sftp_sessions_open"], (await ScrapeAsync())["sftpjail_sftp_sessions_open"]);
    }

    [Fact]
    public async Task Pruned_history_never_makes_a_login_counter_go_down()
    {
        var (_, counted) = await CountALoginAndAFailureAsync();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Set<ActivityLogin>().ExecuteDeleteAsync();
        }

        var after = await ScrapeAsync();
        Assert.Equal(counted["sftpjail_sftp_logins_total"], after["sftpjail_sftp_logins_total"]);
        Assert.Equal(counted["sftpjail_sftp_failed_logins_total"], after["sftpjail_sftp_failed_logins_total"]);
    }

    [Fact]
    public async Task A_restarted_panel_carries_on_the_login_counters_from_where_they_were()
    {
        var (site, counted) = await CountALoginAndAFailureAsync();

        // A second host on the same database: a new process's meters, metrics and recorder.
        using var restarted = factory.WithWebHostBuilder(_ => { });
        var again = await ScrapeAsync(restarted);
        Assert.Equal(counted["sftpjail_sftp_logins_total"], again["sftpjail_sftp_logins_total"]);
        Assert.Equal(counted["sftpjail_sftp_failed_logins_total"], again["sftpjail_sftp_failed_logins_total"]);

        factory.Executor.Log(new ActivityEvent(ActivityEventKind.LoginAccepted, DateTimeOffset.UtcNow, 0, site.UserName, "198.51.100.9", 40003, "publickey"));
        await using (var scope = restarted.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ActivityRecorder>().PullAsync();
        }

        Assert.Equal(counted["sftpjail_sftp_logins_total"] + 1, (await ScrapeAsync(restarted))["sftpjail_sftp_logins_total"]);
    }

    [Fact]
    public async Task Serves_the_relays_count_of_forged_lines_and_nothing_while_no_relay_runs()
    {
        await PullAsync();
        // Its HELP and TYPE are always there; a sample only once an executor said it runs a relay.
        Assert.DoesNotContain("\nsftpjail_sftp_relay_forged_total ", (await GetMetricsTextAsync()).Body, StringComparison.Ordinal);

        factory.Executor.RelayForged = 3;
        await PullAsync();

        var (_, text) = await GetMetricsTextAsync();
        Assert.Contains("# TYPE sftpjail_sftp_relay_forged_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("\nsftpjail_sftp_relay_forged_total 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_when_no_log_source_was_found()
    {
        factory.Executor.ActivitySourceFound = false;
        await PullAsync();

        var (_, text) = await GetMetricsTextAsync();

        Assert.Contains("\nsftpjail_sftp_log_source 0\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP sftpjail_sftp_logins_total SFTP logins sshd accepted", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE sftpjail_sftp_logins_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE sftpjail_sftp_failed_logins_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE sftpjail_sftp_sessions_open gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP sftpjail_panel_logins_total Completed panel sign-ins.", text, StringComparison.Ordinal);
    }

    /// <summary>A new customer's accepted and failed login, pulled and scraped: both counters have at least those.</summary>
    private async Task<(TestSite Site, Dictionary<string, double> Counted)> CountALoginAndAFailureAsync()
    {
        var site = await factory.AddCustomerAsync();
        factory.Executor.Log(
            new ActivityEvent(ActivityEventKind.LoginAccepted, DateTimeOffset.UtcNow, 0, site.UserName, "198.51.100.9", 40001, "password"),
            new ActivityEvent(ActivityEventKind.LoginFailed, DateTimeOffset.UtcNow, 0, site.UserName, "198.51.100.9", 40002, "password"));
        await PullAsync();
        var counted = await ScrapeAsync();
        Assert.True(counted["sftpjail_sftp_logins_total"] >= 1);
        Assert.True(counted["sftpjail_sftp_failed_logins_total"] >= 1);
        return (site, counted);
    }

    private async Task PullAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ActivityRecorder>().PullAsync();
    }

    private Task<Dictionary<string, double>> ScrapeAsync(WebApplicationFactory<Program>? panel = null) => (panel ?? factory).ScrapeAsync();

    private Task<(HttpStatusCode Status, string Body)> GetMetricsTextAsync() => factory.GetMetricsTextAsync();
}
