using System.Net;
using System.Text.Json;
using SftpJail.Data.ApiTokens;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Api;

/// <summary>A whole customer's life through the API alone, against the real panel and data layer with the fake executor.</summary>
public sealed class ApiCustomerFlowTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Adds_a_site_and_a_user_with_a_key_plans_applies_disables_and_the_audit_shows_it()
    {
        var (admin, adminToken) = await panel.AccountWithTokenAsync(ApiTokenScope.Admin);
        var customer = await panel.CreateCustomerAsync();
        using var api = panel.Api(adminToken);
        var domain = $"{panel.Unique("flow")}.example.com";
        var user = panel.Unique("flowuser");

        var added = await api.PostJsonAsync("/api/v1/sites", new { domain, password = "Api-flow-pass-0123456789", customerEmail = customer.Email });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var addedBody = await added.JsonAsync();
        Assert.StartsWith($"added site {domain} with SFTP user ", addedBody.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(addedBody.GetProperty("auditEntryId").GetInt64() > 0);

        var withUser = await api.PostJsonAsync($"/api/v1/sites/{domain}/users", new { userName = user, keys = new[] { ApiFixtures.LaptopKey }, keyOnly = true });
        Assert.Equal(HttpStatusCode.Created, withUser.StatusCode);
        Assert.Equal($"added user {user} to {domain}", (await withUser.JsonAsync()).GetProperty("message").GetString());

        var site = await (await api.GetAsync($"/api/v1/sites/{domain}")).JsonAsync();
        var users = site.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(2, users.Count);
        var second = users.Single(u => u.GetProperty("userName").GetString() == user);
        Assert.True(second.GetProperty("keyOnly").GetBoolean());
        Assert.Equal("ssh-ed25519", second.GetProperty("keys")[0].GetProperty("algorithm").GetString());

        var plan = await api.GetAsync("/api/v1/plan");
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        Assert.True((await plan.JsonAsync()).TryGetProperty("steps", out _));

        var appliesBefore = panel.Executor.ApplyCount;
        var apply = await api.PostAsync("/api/v1/apply", null);
        Assert.Equal(HttpStatusCode.OK, apply.StatusCode);
        Assert.Equal(appliesBefore + 1, panel.Executor.ApplyCount);

        var disabled = await api.PostAsync($"/api/v1/users/{user}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal($"disabled user {user}", (await disabled.JsonAsync()).GetProperty("message").GetString());
        Assert.True(panel.Executor.LastApplied!.Sites.Single(s => s.Domain == domain).Users.Single(u => u.Name == user).Disabled);

        var siteOff = await api.PostAsync($"/api/v1/sites/{domain}/disable", null);
        Assert.Equal(HttpStatusCode.OK, siteOff.StatusCode);
        Assert.False(panel.Executor.LastApplied!.Sites.Single(s => s.Domain == domain).Enabled);

        var audit = await (await api.GetAsync($"/api/v1/audit?target={domain}&pageSize=50")).JsonAsync();
        var rows = audit.GetProperty("items").EnumerateArray().Select(e => (Action: e.GetProperty("action").GetString(), Actor: e.GetProperty("actor").GetString(), Result: e.GetProperty("result").GetString())).ToList();
        var actor = $"api:{admin.Email} ({ApiTokenSecret.Display(Key(adminToken))})";
        Assert.Contains(("site.disable", actor, "applied"), rows);
        Assert.Contains(rows, r => r.Action!.StartsWith("user.", StringComparison.Ordinal) && r.Actor == actor && r.Result == "applied");
        Assert.Contains(rows, r => r.Action == "site.add" && r.Actor == actor);

        // The customer's own token sees the site, and only its own sites.
        using var customerApi = panel.Api(await panel.CreateTokenAsync(customer, ApiTokenScope.Customer));
        var mine = await (await customerApi.GetAsync("/api/v1/sites")).JsonAsync();
        Assert.Equal(new[] { domain }, mine.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("domain").GetString()!).ToArray());
        var detail = await customerApi.GetAsync($"/api/v1/sites/{domain}");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.False((await detail.JsonAsync()).GetProperty("site").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task A_refused_change_answers_problem_details_with_the_message_the_cli_prints()
    {
        var (_, token) = await panel.AccountWithTokenAsync(ApiTokenScope.Staff);
        using var api = panel.Api(token);

        var bad = await api.PostJsonAsync("/api/v1/sites", new { domain = "not a domain" });
        var detail = await bad.ProblemDetailAsync(400);
        Assert.StartsWith("domain: ", detail, StringComparison.Ordinal);

        var missing = await api.PostAsync("/api/v1/sites/nowhere.example.org/disable", null);
        Assert.Equal("domain: There is no site nowhere.example.org.", await missing.ProblemDetailAsync(404));

        var noUser = await api.PostAsync("/api/v1/users/nobody42/disable", null);
        Assert.Equal("username: There is no user nobody42.", await noUser.ProblemDetailAsync(404));

        var notJson = await api.PostAsync("/api/v1/sites", new StringContent("{\"domain\": Secret-ish", System.Text.Encoding.UTF8, "application/json"));
        var parse = await notJson.ProblemDetailAsync(400);
        Assert.DoesNotContain("Secret", parse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_executor_failure_is_a_409_naming_its_audit_row_and_nothing_is_kept()
    {
        var (_, token) = await panel.AccountWithTokenAsync(ApiTokenScope.Staff);
        using var api = panel.Api(token);
        var domain = $"{panel.Unique("fails")}.example.com";
        var sitesBefore = await panel.CountSitesAsync();
        panel.Executor.FailApplyWith = "sshd -t: bad configuration (fake)";
        try
        {
            var response = await api.PostJsonAsync("/api/v1/sites", new { domain, password = "Api-flow-pass-0123456789" });
            var detail = await response.ProblemDetailAsync(409);
            Assert.Contains("sshd -t: bad configuration (fake)", detail, StringComparison.Ordinal);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(problem.GetProperty("auditEntryId").GetInt64() > 0);
        }
        finally
        {
            panel.Executor.FailApplyWith = null;
        }

        Assert.Equal(sitesBefore, await panel.CountSitesAsync());
    }

    [Fact]
    public async Task Imports_a_csv_body_with_a_dry_run_first()
    {
        var (_, token) = await panel.AccountWithTokenAsync(ApiTokenScope.Staff);
        using var api = panel.Api(token);
        var a = $"{panel.Unique("imp")}.example.net";
        var b = $"{panel.Unique("imp")}.example.net";
        var (ua, ub) = (panel.Unique("impu"), panel.Unique("impu"));
        var csv = $"domain,user,password,key,read_only,customer_email\n{a},{ua},Import-pass-0123456789,,,\n{b},{ub},,{ApiFixtures.LaptopKey},,\n";

        var dry = await api.PostAsync("/api/v1/import?dryRun=true", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        Assert.True(dry.StatusCode == HttpStatusCode.OK, await dry.Content.ReadAsStringAsync());
        Assert.StartsWith("dry run: 2 rows would add 2 sites", (await dry.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/sites/{a}")).StatusCode);

        var imported = await api.PostAsync("/api/v1/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.StartsWith("imported 2 sites with 2 users in one apply", (await imported.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/sites/{b}")).StatusCode);

        var again = await api.PostAsync("/api/v1/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal("2 of 2 rows cannot be imported; nothing was changed.", await again.ProblemDetailAsync(400));
    }

    private static string Key(string token) => ApiTokenSecret.TryParse(token, out var keyId, out _) ? keyId : throw new InvalidOperationException();
}
