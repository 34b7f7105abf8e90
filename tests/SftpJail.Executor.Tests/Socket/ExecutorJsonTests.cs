using System.Text;
using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Core.Planning;

namespace SftpJail.Executor.Tests.Socket;

public sealed class ExecutorJsonTests
{
    private static readonly DesiredStateDto State = new(
    [
        new SiteDto("example.org", true, [new JailUserDto("alice", ReadOnly: true, KeyOnly: false, Disabled: false, ["ssh-ed25519 AAAA alice@laptop"])]),
    ]);

    [Fact]
    public void A_request_with_state_and_passwords_round_trips()
    {
        var request = new ExecutorRequest(ExecutorOperation.Apply, State, [new PasswordChange("alice", "p\"ä\n\\ss")]);

        var json = JsonSerializer.Serialize(request, ExecutorJson.Options);
        var back = JsonSerializer.Deserialize<ExecutorRequest>(json, ExecutorJson.Options)!;

        Assert.Equal(ExecutorOperation.Apply, back.Operation);
        var site = Assert.Single(back.State!.Sites);
        Assert.Equal(State.Sites[0].Domain, site.Domain);
        Assert.Equal(State.Sites[0].Users[0] with { Keys = [] }, site.Users[0] with { Keys = [] });
        Assert.Equal(State.Sites[0].Users[0].Keys, site.Users[0].Keys);
        Assert.Equal("p\"ä\n\\ss", Assert.Single(back.Passwords!).Password);
    }

    [Fact]
    public void The_wire_form_is_camel_case_with_enum_names_and_no_computed_properties()
    {
        var response = new ExecutorResponse(true, Plan: new PlanResult([new PlanStep(PlanStepKind.WriteFile, "/etc/x", "write", "@@ -1 -1 @@")]));

        var json = JsonSerializer.Serialize(response, ExecutorJson.Options);

        Assert.Equal("""{"ok":true,"plan":{"steps":[{"kind":"WriteFile","target":"/etc/x","summary":"write","diff":"@@ -1 -1 @@"}]}}""", json);
    }

    [Fact]
    public void Every_result_kind_round_trips()
    {
        var steps = new List<PlanStep> { new(PlanStepKind.CreateGroup, "sftpjail", "create group"), new(PlanStepKind.WriteFile, "/etc/f", "write", "diff") };
        var responses = new[]
        {
            new ExecutorResponse(true, Plan: new PlanResult(steps)),
            new ExecutorResponse(true, Apply: new ApplyResult(false, steps, "sshd -t failed", RolledBack: true)),
            new ExecutorResponse(true, Reconcile: new ReconcileResult(steps, "drift")),
            new ExecutorResponse(true, HostInfo: FakeExecutorGateway.SampleHostInfo),
            ExecutorResponse.Failure(ExecutorResponse.NotAllowed),
        };

        foreach (var response in responses)
        {
            var back = JsonSerializer.Deserialize<ExecutorResponse>(JsonSerializer.Serialize(response, ExecutorJson.Options), ExecutorJson.Options)!;

            Assert.Equal(response.Ok, back.Ok);
            Assert.Equal(response.Error, back.Error);
            Assert.Equal(response.Plan?.Steps, back.Plan?.Steps);
            Assert.Equal(response.Plan?.Error, back.Plan?.Error);
            Assert.Equal(response.Apply?.Applied, back.Apply?.Applied);
            Assert.Equal(response.Apply is null ? null : response.Apply with { Applied = [] }, back.Apply is null ? null : back.Apply with { Applied = [] });
            Assert.Equal(response.Reconcile?.Drift, back.Reconcile?.Drift);
            Assert.Equal(response.Reconcile?.Error, back.Reconcile?.Error);
            Assert.Equal(response.HostInfo?.HostKeys, back.HostInfo?.HostKeys);
            Assert.Equal(response.HostInfo is null ? null : response.HostInfo with { HostKeys = [] }, back.HostInfo is null ? null : back.HostInfo with { HostKeys = [] });
        }
    }

    [Theory]
    [InlineData("""{"state":null}""")]
    [InlineData("""{"operation":"Delete"}""")]
    [InlineData("""{"operation":"Plan","state":{"sites":null}}""")]
    [InlineData("""{"operation":"Plan","state":{}}""")]
    [InlineData("""{"operation":"Apply","passwords":[{"userName":"alice"}]}""")]
    public void A_request_missing_a_required_value_is_refused_not_defaulted(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ExecutorRequest>(json, ExecutorJson.Options));
    }

    [Fact]
    public async Task A_malformed_request_is_reported_without_quoting_its_text()
    {
        var line = Encoding.UTF8.GetBytes("""{"operation":"Apply","passwords":[{"userName":"alice","password":hunter2}]}""" + "\n");

        var ex = await Assert.ThrowsAsync<ExecutorProtocolException>(() => ExecutorFraming.ReadRequestAsync(new MemoryStream(line), 1024, CancellationToken.None));

        Assert.Equal(ExecutorProtocolError.Malformed, ex.Error);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_request_text_form_never_shows_a_password()
    {
        var request = new ExecutorRequest(ExecutorOperation.Apply, State, [new PasswordChange("alice", "hunter2")]);

        Assert.DoesNotContain("hunter2", request.ToString(), StringComparison.Ordinal);
    }
}
