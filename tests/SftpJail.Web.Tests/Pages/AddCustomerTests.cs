using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

public sealed class AddCustomerTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Preview_shows_the_plan_with_the_drop_in_diff_and_saves_nothing()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var sitesBefore = await panel.CountSitesAsync();
        var appliesBefore = panel.Executor.ApplyCount;

        var page = await staff.SubmitAsync("/sites/add/classic", "add-site", new Dictionary<string, string>
        {
            ["Input.Domain"] = "preview-only.example.com",
            ["Input.Step"] = "preview",
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var diff = page.Document.QuerySelector("[data-diff]")?.TextContent;
        Assert.NotNull(diff);
        Assert.Contains(FakeExecutor.DropInPath, diff, StringComparison.Ordinal);
        Assert.Contains("+Match Group sftpjail", diff.Split('\n')); // one diff line per line, not run together
        Assert.Equal("preview-only", page.Document.QuerySelector("#username")?.GetAttribute("value"));
        Assert.NotNull(page.Document.QuerySelector("[data-apply]"));
        Assert.Equal(sitesBefore, await panel.CountSitesAsync());
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
    }

    [Fact]
    public async Task Apply_after_preview_creates_the_site_shows_the_generated_password_once_and_audits_it()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var preview = await staff.SubmitAsync("/sites/add/classic", "add-site", new Dictionary<string, string>
        {
            ["Input.Domain"] = "applied.example.com",
            ["Input.CustomerEmail"] = "owner@applied.example.com",
            ["Input.Step"] = "preview",
        });

        var applied = await staff.SubmitAsync(preview, "add-site", new Dictionary<string, string> { ["Input.Step"] = "apply" });
        var detail = await staff.FollowAsync(applied);
        var generated = Assert.Single(panel.Executor.LastPasswords).Password;

        Assert.Equal(HttpStatusCode.OK, detail.Status);
        Assert.Equal("applied.example.com", detail.Document.QuerySelector("[data-domain]")?.TextContent.Trim());
        var secrets = detail.Document.QuerySelectorAll("[data-secret]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Contains(generated, secrets);
        Assert.Equal(2, secrets.Count); // the SFTP password and the new customer login's initial password
        Assert.Contains("owner@applied.example.com", detail.Text(), StringComparison.Ordinal);

        var reload = await staff.GetPageAsync(detail.Path);
        Assert.Empty(reload.Document.QuerySelectorAll("[data-secret]"));
        Assert.DoesNotContain(generated, reload.Html, StringComparison.Ordinal);

        var audit = await panel.AuditEntriesAsync();
        Assert.Contains(audit, e => e.Target.StartsWith("applied.example.com", StringComparison.Ordinal) && e.Actor.Contains("staff", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.Target.Contains(generated, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_apply_keeps_nothing_and_shows_the_executors_error()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var sitesBefore = await panel.CountSitesAsync();
        var usersBefore = await panel.CountPanelUsersAsync();
        panel.Executor.FailApplyWith = "sshd -t rejected the configuration";
        try
        {
            var preview = await staff.SubmitAsync("/sites/add/classic", "add-site", new Dictionary<string, string>
            {
                ["Input.Domain"] = "fails.example.com",
                ["Input.CustomerEmail"] = "owner@fails.example.com",
                ["Input.Step"] = "preview",
            });
            var page = await staff.SubmitAsync(preview, "add-site", new Dictionary<string, string> { ["Input.Step"] = "apply" });

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("sshd -t rejected the configuration", string.Join(" ", page.ValidationMessages()), StringComparison.Ordinal);
            Assert.Equal(sitesBefore, await panel.CountSitesAsync());
            Assert.Equal(usersBefore, await panel.CountPanelUsersAsync());
        }
        finally
        {
            panel.Executor.FailApplyWith = null;
        }
    }

    [Fact]
    public async Task Removing_a_site_needs_its_domain_typed()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var wrong = await staff.SubmitAsync($"/sites/{site.Id}/remove", "remove-site", new Dictionary<string, string> { ["Confirm.Typed"] = "other.example.com" });
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        Assert.Contains("does not match", wrong.Text(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/sites/{site.Id}")).StatusCode);

        var right = await staff.SubmitAsync($"/sites/{site.Id}/remove", "remove-site", new Dictionary<string, string> { ["Confirm.Typed"] = site.Domain });
        Assert.True(right.IsRedirect);
        var list = await staff.FollowAsync(right);
        Assert.Contains($"{site.Domain} was removed", list.Flash(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/sites/{site.Id}")).StatusCode);
    }

    [Fact]
    public async Task Staff_add_a_second_sftp_user_to_a_site()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var userName = panel.Unique("editor");

        var bad = await staff.SubmitAsync($"/sites/{site.Id}/classic", "add-user", new Dictionary<string, string> { ["NewUser.UserName"] = "Bad Name" });
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.NotEmpty(bad.ValidationMessages());

        var added = await staff.FollowAsync(await staff.SubmitAsync($"/sites/{site.Id}/classic", "add-user", new Dictionary<string, string>
        {
            ["NewUser.UserName"] = userName,
            ["NewUser.ReadOnly"] = "true",
        }));

        var card = added.Document.QuerySelector($"[data-sftp-user='{userName}']");
        Assert.NotNull(card);
        Assert.Contains("read-only", card.TextContent, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(added.Flash(PanelClient.FlashSelector.Secret)));
    }

    [Fact]
    public async Task Staff_reset_a_users_password_and_see_it_once()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var detail = await staff.GetPageAsync($"/sites/{site.Id}/classic");
        var handler = detail.Document.QuerySelectorAll("input[name=_handler]").Select(h => h.GetAttribute("value")!).Single(v => v.StartsWith("password-", StringComparison.Ordinal));
        var appliesBefore = panel.Executor.ApplyCount;

        var posted = await staff.SubmitAsync(detail, handler, new Dictionary<string, string> { ["Credentials.Password"] = "" });
        var after = await staff.FollowAsync(posted);

        var secret = after.Flash(PanelClient.FlashSelector.Secret);
        Assert.False(string.IsNullOrEmpty(secret));
        Assert.True(secret!.Length >= 20);
        Assert.Equal(appliesBefore + 1, panel.Executor.ApplyCount);
        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Target.Contains(site.UserName, StringComparison.Ordinal) && e.Action.Contains("password", StringComparison.OrdinalIgnoreCase));
    }
}
