using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Core.Contract;
using SftpJail.Data.HostAccess;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

public sealed class SshAccessPageTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private const string PrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----";

    [Theory]
    [InlineData("bad\nname", "", "line break")]
    [InlineData("root", "", "reserved")]
    [InlineData("ops'admin", "", "quote")]
    [InlineData("opsadmin", PrivateKey, "private")]
    public async Task A_hostile_admin_name_or_a_private_key_is_refused_with_a_message_and_creates_nothing(string name, string keys, string expectedWords)
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        var appliesBefore = panel.Executor.ApplyCount;
        var auditBefore = (await panel.AuditEntriesAsync()).Count;
        var adminsBefore = (await HostAccessAsync()).Admins.Count;

        var page = await admin.SubmitAsync("/host/ssh", "add-admin", new Dictionary<string, string> { ["NewAdmin.Name"] = name, ["NewAdmin.Keys"] = keys });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(expectedWords, string.Join(" | ", page.ValidationMessages()), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(adminsBefore, (await HostAccessAsync()).Admins.Count);
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
        Assert.Equal(auditBefore, (await panel.AuditEntriesAsync()).Count);
    }

    [Fact]
    public async Task An_admin_with_a_pasted_key_is_listed_with_its_fingerprint_after_a_redirect()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        var name = panel.Unique("ops");

        var posted = await admin.SubmitAsync("/host/ssh", "add-admin", new Dictionary<string, string>
        {
            ["NewAdmin.Name"] = name,
            ["NewAdmin.Keys"] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAXdcZ7+37gsoabaQq8k9rR+9v09vkMa9WMKIq0zjmn6 ops@laptop",
        });
        var page = await admin.FollowAsync(posted);

        Assert.Contains($"Admin {name} added", page.Flash(), StringComparison.Ordinal);
        var card = page.Document.QuerySelector($"[data-admin='{name}']");
        Assert.NotNull(card);
        Assert.Equal("SHA256:/vLh8nkiKXRLlmUjabOAuvzOppfRNg2C4btg4q3ahxM", card.QuerySelector("[data-admin-key]")?.TextContent);
        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Action == "admin.add" && e.Target == name);
    }

    [Fact]
    public async Task A_lock_out_guard_refusal_is_shown_prominently_with_its_reason()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        const string reason = "Not applied: this profile turns off password login, but SftpJail manages no admin account.";
        panel.Executor.FailApplyWith = reason;
        try
        {
            var page = await admin.SubmitAsync("/host/ssh", "hardening", new Dictionary<string, string> { ["Hardening.CryptoPolicy"] = "hardened" });

            Assert.Equal(HttpStatusCode.OK, page.Status);
            var refusal = page.Document.QuerySelector("[data-guard-refusal]");
            Assert.NotNull(refusal);
            Assert.Contains(reason, refusal.QuerySelector("[data-guard-reason]")?.TextContent, StringComparison.Ordinal);
            Assert.Contains("lock-out guard", refusal.TextContent, StringComparison.Ordinal);
            Assert.False((await HostAccessAsync()).Hardening.Enabled);
        }
        finally
        {
            panel.Executor.FailApplyWith = null;
        }
    }

    [Fact]
    public async Task Effective_settings_for_an_admin_and_a_jailed_user_render_side_by_side_with_failed_logins_and_advice()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        panel.Executor.Effective["opsadmin"] = [new EffectiveSetting("passwordauthentication", "no"), new EffectiveSetting("permitrootlogin", "no")];
        panel.Executor.Effective["shop1"] = [new EffectiveSetting("passwordauthentication", "yes"), new EffectiveSetting("chrootdirectory", "/srv/jail/com.shop1")];
        panel.Executor.FailedLogins = [new FailedLogin("root", "203.0.113.9", 41, DateTimeOffset.UtcNow.AddMinutes(-5), false, "journal")];

        var page = await admin.GetPageAsync("/host/ssh?admin=opsadmin&user=shop1");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var row = page.Document.QuerySelector("[data-setting='passwordauthentication']");
        Assert.NotNull(row);
        Assert.Equal(("no", "yes"), (row.QuerySelector("[data-side=admin]")?.TextContent, row.QuerySelector("[data-side=user]")?.TextContent));
        Assert.Equal("/srv/jail/com.shop1", page.Document.QuerySelector("[data-setting='chrootdirectory'] [data-side=user]")?.TextContent);
        var failed = page.Document.QuerySelector("[data-failed-login='root']");
        Assert.NotNull(failed);
        Assert.Contains("203.0.113.9", failed.TextContent, StringComparison.Ordinal);
        Assert.Contains("41", failed.TextContent, StringComparison.Ordinal);
        Assert.InRange(DateTimeOffset.UtcNow - panel.Executor.FailedLoginsSince!.Value, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
        // The fake says OpenSSH 9.2 on port 2222: no PerSourcePenalties, so the nftables snippet for that port.
        Assert.Contains("tcp dport 2222", page.Document.QuerySelector("[data-nftables]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_user_name_in_the_query_never_reaches_the_executor()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        var page = await admin.GetPageAsync("/host/ssh?user=" + Uri.EscapeDataString("x,addr=10.0.0.1"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("[data-settings-error]"));
        Assert.DoesNotContain(panel.Executor.Calls, c => c.StartsWith("effective:x,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected_and_adds_no_admin()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        var response = await admin.PostAsync("/host/ssh", new Dictionary<string, string> { ["_handler"] = "add-admin", ["NewAdmin.Name"] = "csrfadmin" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.DoesNotContain((await HostAccessAsync()).Admins, a => a.Name == "csrfadmin");
    }

    private async Task<HostAccessView> HostAccessAsync()
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IHostAccessService>().GetAsync();
    }
}
