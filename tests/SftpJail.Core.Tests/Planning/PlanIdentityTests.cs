using SftpJail.Core.Contract;
using SftpJail.Core.Planning;

namespace SftpJail.Core.Tests.Planning;

public sealed class PlanIdentityTests
{
    private static DesiredStateDto State(string domain = "a.example", string user = "anna", bool keyOnly = false) =>
        new([new SiteDto(domain, true, [new JailUserDto(user, false, keyOnly, false, ["ssh-ed25519 AAAA anna@laptop"])])]);

    private static IReadOnlyList<PlanStep> Steps(string target = "anna", string? diff = "--- /etc/x\n+++ /etc/x\n+Match Group sftpjail\n") =>
    [
        new PlanStep(PlanStepKind.CreateUser, target, $"create jailed user {target}"),
        new PlanStep(PlanStepKind.WriteFile, "/etc/ssh/sshd_config.d/50-sftpjail.conf", "rewrite the drop-in", diff),
    ];

    [Fact]
    public void The_same_state_and_plan_always_have_the_same_identity()
    {
        var first = PlanIdentity.Of(State(), Steps());
        var second = PlanIdentity.Of(State(), Steps());

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.True(PlanIdentity.Matches(first, State(), Steps()));
        Assert.True(PlanIdentity.Matches(first.ToUpperInvariant(), State(), Steps()));
    }

    [Fact]
    public void A_different_domain_in_the_state_changes_the_identity()
    {
        Assert.NotEqual(PlanIdentity.Of(State("a.example"), Steps()), PlanIdentity.Of(State("b.example"), Steps()));
    }

    [Fact]
    public void A_flag_the_host_sees_changes_the_identity()
    {
        Assert.NotEqual(PlanIdentity.Of(State(), Steps()), PlanIdentity.Of(State(keyOnly: true), Steps()));
    }

    [Fact]
    public void A_different_plan_for_the_same_state_changes_the_identity()
    {
        var baseline = PlanIdentity.Of(State(), Steps());

        Assert.NotEqual(baseline, PlanIdentity.Of(State(), Steps(target: "other")));
        Assert.NotEqual(baseline, PlanIdentity.Of(State(), Steps(diff: "--- /etc/x\n+++ /etc/x\n+Match Group other\n")));
        Assert.NotEqual(baseline, PlanIdentity.Of(State(), Steps().Take(1).ToList()));
        Assert.NotEqual(baseline, PlanIdentity.Of(State(), Steps().Reverse().ToList()));
    }

    [Fact]
    public void Host_access_parts_of_the_state_count_too()
    {
        var withAdmins = State() with { Admins = [] };

        Assert.NotEqual(PlanIdentity.Of(State(), Steps()), PlanIdentity.Of(withAdmins, Steps()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-hash")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public void Anything_else_does_not_match(string? claimed)
    {
        Assert.False(PlanIdentity.Matches(claimed, State(), Steps()));
    }
}
