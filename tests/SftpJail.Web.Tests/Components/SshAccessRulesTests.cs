using Bunit;
using SftpJail.Core.Contract;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.SshAccessCircuitTests;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The SSH access page's refusals and read-outs in a circuit over the real panel and the fake executor: a hostile admin
/// name or a pasted private key changes nothing, the executor's lock-out guard is shown with its reason, and the failed
/// logins and brute-force advice come from the executor's report.
/// </summary>
public sealed class SshAccessRulesTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private const string PrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("bad\nname", "", "line break")]
    [InlineData("root", "", "reserved")]
    [InlineData("ops'admin", "", "quote")]
    [InlineData("opsadmin", PrivateKey, "private")]
    public async Task A_hostile_admin_name_or_a_private_key_is_refused_with_a_message_and_creates_nothing(string name, string keys, string expectedWords)
    {
        await using var circuit = await AdminCircuitAsync();
        var page = await RenderAsync(circuit);
        var appliesBefore = panel.Executor.ApplyCount;
        var auditBefore = (await panel.AuditEntriesAsync()).Count;
        var adminsBefore = (await ViewAsync(panel)).Admins.Count;

        page.Find("[data-new-admin-name]").Change(name);
        page.Find("[data-new-admin-keys]").Change(keys);
        page.Find("[data-add-admin]").Click();

        circuit.WaitForAssertion(() => Assert.Contains(expectedWords, circuit.Markup, StringComparison.OrdinalIgnoreCase), Wait);
        Assert.Equal(adminsBefore, (await ViewAsync(panel)).Admins.Count);
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
        Assert.Equal(auditBefore, (await panel.AuditEntriesAsync()).Count);
    }

    [Fact]
    public async Task A_lock_out_guard_refusal_is_shown_prominently_with_its_reason()
    {
        const string reason = "Not applied: this profile turns off password login, but SftpJail manages no admin account.";
        await using var circuit = await AdminCircuitAsync();
        var page = await RenderAsync(circuit);
        panel.Executor.FailApplyWith = reason;
        try
        {
            page.Find("[data-apply-hardening]").Click();
            // Turning password login off asks first (LockoutRisk); the executor's guard answers the confirmed apply.
            await ConfirmAsync(circuit);

            page.WaitForAssertion(() => Assert.Contains(reason, page.Find("[data-guard-refusal] [data-guard-reason]").TextContent, StringComparison.Ordinal), Wait);
            Assert.Equal("not applied", page.Find("[data-hardening-state]").TextContent);
            Assert.False((await ViewAsync(panel)).Hardening.Enabled);
        }
        finally
        {
            panel.Executor.FailApplyWith = null;
        }
    }

    [Fact]
    public async Task Failed_logins_and_the_nftables_advice_come_from_the_executors_report()
    {
        panel.Executor.FailedLogins = [new FailedLogin("root", "203.0.113.9", 41, DateTimeOffset.UtcNow.AddMinutes(-5), false, "journal")];
        await using var circuit = await AdminCircuitAsync();
        var page = await RenderAsync(circuit);

        page.WaitForAssertion(() => Assert.Contains("203.0.113.9", page.Find("[data-failed-login='root']").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("41", page.Find("[data-failed-login='root']").TextContent, StringComparison.Ordinal);
        Assert.InRange(DateTimeOffset.UtcNow - panel.Executor.FailedLoginsSince!.Value, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
        // The fake says OpenSSH 9.2 on port 2222: no PerSourcePenalties, so the nftables snippet for that port.
        Assert.Contains("tcp dport 2222", page.Find("[data-nftables]").TextContent, StringComparison.Ordinal);
    }

    private async Task<CircuitHarness> AdminCircuitAsync()
    {
        var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateAdminAsync());
        return circuit;
    }
}
