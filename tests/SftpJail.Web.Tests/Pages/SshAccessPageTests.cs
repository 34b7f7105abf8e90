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

        var page = await admin.SubmitAsync("/host/ssh/classic", "add-admin", new Dictionary<string, string> { ["NewAdmin.Name"] = name, ["NewAdmin.Keys"] = keys });

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

        var posted = await admin.SubmitAsync("/host/ssh/classic", "add-admin", new Dictionary<string, string>
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
            var page = await admin.SubmitAsync("/host/ssh/classic", "hardening", new Dictionary<string, string> { ["Hardening.CryptoPolicy"] = "hardened" });

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

        var page = await admin.GetPageAsync("/host/ssh/classic?admin=opsadmin&user=shop1");

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

        var page = await admin.GetPageAsync("/host/ssh/classic?user=" + Uri.EscapeDataString("x,addr=10.0.0.1"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("[data-settings-error]"));
        Assert.DoesNotContain(panel.Executor.Calls, c => c.StartsWith("effective:x,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected_and_adds_no_admin()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        var response = await admin.PostAsync("/host/ssh/classic", new Dictionary<string, string> { ["_handler"] = "add-admin", ["NewAdmin.Name"] = "csrfadmin" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.DoesNotContain((await HostAccessAsync()).Admins, a => a.Name == "csrfadmin");
    }

    [Fact]
    public async Task A_key_that_arrived_during_the_enrolment_window_is_listed_and_approving_it_adds_it_to_the_admin()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        var name = await AdminWithOpenWindowAsync(admin);
        panel.Executor.Arrived[name] = [new ArrivedKey("ssh-ed25519", ArrivedFingerprint, name + "@laptop", ArrivedLine(name))];

        var page = await admin.GetPageAsync("/host/ssh/classic");

        Assert.Contains("arrived:" + name, panel.Executor.Calls);
        var listed = page.Document.QuerySelector($"[data-arrived-keys='{name}'] [data-arrived-key='{ArrivedFingerprint}']");
        Assert.NotNull(listed);
        Assert.Equal(name + "@laptop", listed.QuerySelector("[data-arrived-comment]")?.TextContent);
        var appliesBefore = panel.Executor.ApplyCount;

        var posted = await admin.SubmitAsync(page, $"approve-arrived-key-{name}-{ArrivedFingerprint}");
        var after = await admin.FollowAsync(posted);

        Assert.Contains($"approved for {name}", after.Flash(), StringComparison.Ordinal);
        Assert.Equal(appliesBefore + 1, panel.Executor.ApplyCount);
        var keys = Assert.Single((await HostAccessAsync()).Admins, a => a.Name == name).Keys;
        Assert.Equal(ArrivedFingerprint, Assert.Single(keys).Fingerprint);
        Assert.NotNull(after.Document.QuerySelector($"[data-admin='{name}'] [data-admin-key]"));
    }

    [Fact]
    public async Task Staff_cannot_approve_an_arrived_key()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        var name = await AdminWithOpenWindowAsync(admin);
        panel.Executor.Arrived[name] = [new ArrivedKey("ssh-ed25519", ArrivedFingerprint, name + "@laptop", ArrivedLine(name))];
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var staffPage = await staff.GetPageAsync("/sites/add/classic");
        var token = staffPage.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var appliesBefore = panel.Executor.ApplyCount;

        var response = await staff.PostAsync("/host/ssh/classic", new Dictionary<string, string>
        {
            ["_handler"] = $"approve-arrived-key-{name}-{ArrivedFingerprint}",
            ["__RequestVerificationToken"] = token,
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
        Assert.Empty(Assert.Single((await HostAccessAsync()).Admins, a => a.Name == name).Keys);
    }

    [Fact]
    public async Task Approving_without_the_antiforgery_token_is_rejected_and_adds_no_key()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        var name = await AdminWithOpenWindowAsync(admin);
        panel.Executor.Arrived[name] = [new ArrivedKey("ssh-ed25519", ArrivedFingerprint, name + "@laptop", ArrivedLine(name))];

        var response = await admin.PostAsync("/host/ssh/classic", new Dictionary<string, string> { ["_handler"] = $"approve-arrived-key-{name}-{ArrivedFingerprint}" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Empty(Assert.Single((await HostAccessAsync()).Admins, a => a.Name == name).Keys);
    }

    private const string ArrivedFingerprint = "SHA256:CAJwxA3mkOSVpuaQLoci7iMLMhUs6/YILCb7ty3VZVU";

    private static string ArrivedLine(string name) =>
        $"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPkmbat0J2Q9LMM0wMzfXg14hI6ESz0rCBOaHSpSItqR {name}@laptop";

    /// <summary>A new admin without a key, and an enrolment window open for it (both through the page).</summary>
    private async Task<string> AdminWithOpenWindowAsync(PanelClient admin)
    {
        var name = panel.Unique("newops");
        var added = await admin.SubmitAsync("/host/ssh/classic", "add-admin", new Dictionary<string, string> { ["NewAdmin.Name"] = name, ["NewAdmin.Keys"] = "" });
        Assert.True(added.IsRedirect, string.Join(" | ", added.ValidationMessages()));
        var opened = await admin.SubmitAsync("/host/ssh/classic", "enrolment", new Dictionary<string, string> { ["Enrolment.Admin"] = name, ["Enrolment.Minutes"] = "15" });
        Assert.True(opened.IsRedirect, string.Join(" | ", opened.ValidationMessages()));
        return name;
    }

    private async Task<HostAccessView> HostAccessAsync()
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IHostAccessService>().GetAsync();
    }
}
