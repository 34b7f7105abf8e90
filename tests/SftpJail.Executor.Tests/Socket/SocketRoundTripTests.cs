using SftpJail.Core.Contract;
using SftpJail.Core.Planning;

namespace SftpJail.Executor.Tests.Socket;

public sealed class SocketRoundTripTests
{
    private static readonly DesiredStateDto State = new(
    [
        new SiteDto("example.org", true, [new JailUserDto("alice", false, true, false, ["ssh-ed25519 AAAAC3Nza alice"])]),
        new SiteDto("shop.example.net", false, []),
    ]);

    [Fact(Timeout = 30_000)]
    public async Task Plan_reaches_the_engine_and_its_steps_come_back()
    {
        await using var server = await SocketTestServer.StartAsync();

        var plan = await server.CreateClient().PlanAsync(State);

        Assert.Equal(server.Gateway.PlanToReturn.Steps, plan.Steps);
        Assert.Null(plan.Error);
        var received = Assert.Single(server.Gateway.PlannedStates);
        Assert.Equal(["example.org", "shop.example.net"], received.Sites.Select(s => s.Domain));
        Assert.Equal(State.Sites[0].Users[0].Keys, received.Sites[0].Users[0].Keys);
        Assert.True(received.Sites[0].Users[0].KeyOnly);
    }

    [Fact(Timeout = 30_000)]
    public async Task Apply_delivers_passwords_intact_to_the_engine()
    {
        await using var server = await SocketTestServer.StartAsync();
        const string password = "  Tr0ub4dor&3 \"quoted\" \\ ünïcødé\ttab ";

        var result = await server.CreateClient().ApplyAsync(State, [new PasswordChange("alice", password)]);

        Assert.True(result.Succeeded);
        Assert.Equal(PlanStepKind.SetPassword, Assert.Single(result.Applied).Kind);
        var (state, passwords) = Assert.Single(server.Gateway.Applies);
        Assert.Equal(2, state.Sites.Count);
        var change = Assert.Single(passwords);
        Assert.Equal("alice", change.UserName);
        Assert.Equal(password, change.Password);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reconcile_reaches_the_engine_and_its_drift_comes_back()
    {
        await using var server = await SocketTestServer.StartAsync();

        var result = await server.CreateClient().ReconcileAsync(State);

        Assert.Equal(PlanStepKind.FixDirectory, Assert.Single(result.Drift).Kind);
        Assert.Equal(2, Assert.Single(server.Gateway.ReconciledStates).Sites.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task HostInfo_comes_back_whole()
    {
        await using var server = await SocketTestServer.StartAsync();

        var info = await server.CreateClient().GetHostInfoAsync();

        Assert.Equal(FakeExecutorGateway.SampleHostInfo with { HostKeys = [] }, info with { HostKeys = [] });
        Assert.Equal(FakeExecutorGateway.SampleHostInfo.HostKeys, info.HostKeys);
    }

    [Fact(Timeout = 30_000)]
    public async Task EffectiveSettings_sends_the_user_name_and_the_settings_come_back_in_order()
    {
        await using var server = await SocketTestServer.StartAsync();

        var settings = await server.CreateClient().GetEffectiveSettingsAsync("site1");

        Assert.Equal("site1", Assert.Single(server.Gateway.EffectiveSettingsRequests));
        Assert.Equal("site1", settings.User);
        Assert.Null(settings.Error);
        Assert.Equal(FakeExecutorGateway.SampleSettings("site1").Settings, settings.Settings);
        Assert.Equal("yes", settings["passwordauthentication"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task FailedLogins_sends_the_since_time_and_the_summaries_come_back_whole()
    {
        await using var server = await SocketTestServer.StartAsync();
        var since = new DateTimeOffset(2025, 1, 1, 12, 30, 0, TimeSpan.FromHours(2));

        var report = await server.CreateClient().GetRecentFailedLoginsAsync(since);

        Assert.Equal(since, Assert.Single(server.Gateway.FailedLoginRequests));
        Assert.Equal((true, "journal"), (report.SourceFound, report.Source));
        Assert.Equal(FakeExecutorGateway.SampleFailedLogins, report.Failures);
    }

    [Fact(Timeout = 30_000)]
    public async Task ArrivedKeys_sends_the_admin_name_and_the_keys_come_back_whole()
    {
        await using var server = await SocketTestServer.StartAsync();

        var keys = await server.CreateClient().GetArrivedKeysAsync("opsadmin");

        Assert.Equal("opsadmin", Assert.Single(server.Gateway.ArrivedKeyRequests));
        Assert.Equal(FakeExecutorGateway.SampleArrivedKeys("opsadmin"), keys);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_refused_arrived_keys_read_is_thrown_with_the_executors_reason()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.Failure = new InvalidOperationException("'bob' is not an admin account SftpJail manages.");

        var refused = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => server.CreateClient().GetArrivedKeysAsync("bob"));

        Assert.Contains("not an admin account SftpJail manages", refused.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_failing_log_read_is_reported_and_a_failing_settings_read_is_an_error()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.Failure = new InvalidOperationException("journalctl is broken");
        var client = server.CreateClient();

        var settings = await client.GetEffectiveSettingsAsync("site1");
        var logins = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => client.GetRecentFailedLoginsAsync(DateTimeOffset.UtcNow));

        Assert.Equal("journalctl is broken", settings.Error);
        Assert.Empty(settings.Settings);
        Assert.Contains("journalctl is broken", logins.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_engine_exception_becomes_an_error_message_without_a_stack_trace()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.Failure = new InvalidOperationException("sshd -t rejected the configuration");
        var client = server.CreateClient();

        var plan = await client.PlanAsync(State);
        var apply = await client.ApplyAsync(State, []);
        var info = await Assert.ThrowsAsync<ExecutorUnavailableException>(() => client.GetHostInfoAsync());

        Assert.Equal("sshd -t rejected the configuration", plan.Error);
        Assert.False(apply.Succeeded);
        Assert.Equal("sshd -t rejected the configuration", apply.Error);
        Assert.Contains("sshd -t rejected the configuration", info.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", info.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_server_keeps_serving_after_a_failed_request()
    {
        await using var server = await SocketTestServer.StartAsync();
        server.Gateway.Failure = new InvalidOperationException("boom");
        await server.CreateClient().PlanAsync(State);
        server.Gateway.Failure = null;

        var plan = await server.CreateClient().PlanAsync(State);

        Assert.Null(plan.Error);
    }
}
