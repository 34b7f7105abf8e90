using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Services;
using SftpJail.Data.SetPasswordLinks;
using SftpJail.Web.Components.Pages.SetPassword;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.SetPasswordLinks;

/// <summary>The panel with room for every request these tests make from their one address (the limit has its own test).</summary>
public sealed class SetPasswordPanel : PanelFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SetPasswordLinks:RequestsPerMinute"] = "10000",
        }));
    }
}

/// <summary>The customer's set-password page over HTTP, as a browser without JavaScript posts it (antiforgery and all).</summary>
public sealed class SetPasswordPageTests(SetPasswordPanel panel) : IClassFixture<SetPasswordPanel>
{
    private const string Chosen = "violet-Canyon-anchor-58";

    [Fact]
    public async Task A_customer_opens_the_link_without_an_account_and_sets_the_password_once()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var link = await MakeLinkAsync(panel, site);
        using var customer = panel.Anonymous();
        var applies = panel.Executor.ApplyCount;

        var page = await customer.GetPageAsync(PathOf(link));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(site.UserName, page.Document.QuerySelector("[data-username]")?.TextContent.Trim());
        Assert.Equal(site.Domain, page.Document.QuerySelector("[data-domain]")?.TextContent.Trim());
        Assert.NotNull(page.Document.QuerySelector("[data-password-rule]"));
        Assert.NotNull(page.Form("set-password").QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal("set-password", page.Form("set-password").GetAttribute("action"));

        var done = await customer.SubmitAsync(page, "set-password", new Dictionary<string, string> { ["Input.Password"] = Chosen, ["Input.Confirmation"] = Chosen });

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.True(done.Document.QuerySelector("[data-password-set]") is not null, done.Text());
        Assert.Equal($"sftp -P 2222 {site.UserName}@localhost", done.Document.QuerySelector("[data-command]")?.TextContent.Trim());
        Assert.Equal(applies + 1, panel.Executor.ApplyCount);
        Assert.Equal([new SftpJail.Core.Contract.PasswordChange(site.UserName, Chosen)], panel.Executor.LastPasswords);
        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Actor == $"customer via link {link.LinkId}" && e.Action == "user.password" && e.Target == $"{site.Domain}/{site.UserName}");
        Assert.DoesNotContain(Chosen, done.Html, StringComparison.Ordinal);

        var again = await customer.SubmitAsync(page, "set-password", new Dictionary<string, string> { ["Input.Password"] = "second-Harbor-violin-93", ["Input.Confirmation"] = "second-Harbor-violin-93" });
        Assert.True(again.Document.QuerySelector("[data-link-invalid]") is not null, $"{(int)again.Status} {again.Text()}");
        Assert.Null((await customer.GetPageAsync(PathOf(link))).Document.QuerySelector("form"));
        Assert.Equal(applies + 1, panel.Executor.ApplyCount);
    }

    [Fact]
    public async Task Unknown_used_expired_and_replaced_links_all_answer_the_same_page()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var replaced = await MakeLinkAsync(panel, site);
        var used = await MakeLinkAsync(panel, site);
        using var customer = panel.Anonymous();
        var usedPage = await customer.GetPageAsync(PathOf(used));
        await customer.SubmitAsync(usedPage, "set-password", new Dictionary<string, string> { ["Input.Password"] = Chosen, ["Input.Confirmation"] = Chosen });
        var expired = await MakeLinkAsync(panel, await panel.AddCustomerAsync(withLogin: false), hours: 1);
        await ExpireAsync(panel, expired.LinkId);

        var bodies = new List<(HttpStatusCode Status, string Main)>();
        foreach (var path in new[] { "/set-password/" + new string('A', SetPasswordLinkToken.Length), "/set-password/not-a-token", PathOf(replaced), PathOf(used), PathOf(expired) })
        {
            var page = await customer.GetPageAsync(path);
            Assert.NotNull(page.Document.QuerySelector("[data-link-invalid]"));
            Assert.Null(page.Document.QuerySelector("form[action=set-password]"));
            bodies.Add((page.Status, page.Document.QuerySelector("main")!.InnerHtml));
        }

        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task A_weak_or_mismatched_password_is_refused_on_the_page_and_the_link_keeps_working()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var link = await MakeLinkAsync(panel, site);
        using var customer = panel.Anonymous();
        var page = await customer.GetPageAsync(PathOf(link));
        var applies = panel.Executor.ApplyCount;

        var weak = await customer.SubmitAsync(page, "set-password", new Dictionary<string, string> { ["Input.Password"] = "password12345", ["Input.Confirmation"] = "password12345" });
        var mine = await customer.SubmitAsync(page, "set-password", new Dictionary<string, string> { ["Input.Password"] = site.UserName + "-Garden-91", ["Input.Confirmation"] = site.UserName + "-Garden-91" });
        var mismatch = await customer.SubmitAsync(page, "set-password", new Dictionary<string, string> { ["Input.Password"] = Chosen, ["Input.Confirmation"] = Chosen + "x" });

        Assert.Contains("common word", weak.Document.QuerySelector("[data-form-message]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("user name", mine.Document.QuerySelector("[data-form-message]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("not the same", mismatch.Document.QuerySelector("[data-form-message]")?.TextContent, StringComparison.Ordinal);
        Assert.All(new[] { weak, mine, mismatch }, p => Assert.DoesNotContain(p.Document.QuerySelectorAll("input[type=password]"), i => i.GetAttribute("value") is { Length: > 0 }));
        Assert.Equal(applies, panel.Executor.ApplyCount);

        var done = await customer.SubmitAsync(page, "set-password", new Dictionary<string, string> { ["Input.Password"] = Chosen, ["Input.Confirmation"] = Chosen });
        Assert.NotNull(done.Document.QuerySelector("[data-password-set]"));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_sets_nothing()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var link = await MakeLinkAsync(panel, site);
        using var customer = panel.Anonymous();
        var applies = panel.Executor.ApplyCount;

        var forged = await customer.PostAsync("/set-password", new Dictionary<string, string>
        {
            ["_handler"] = "set-password",
            ["Input.Token"] = link.Token,
            ["Input.Password"] = Chosen,
            ["Input.Confirmation"] = Chosen,
        });

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(applies, panel.Executor.ApplyCount);
        Assert.NotNull(await FindAsync(panel, link.Token));
    }

    [Fact]
    public async Task The_page_sends_no_referrer_is_never_cached_and_the_token_reaches_no_log()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var link = await MakeLinkAsync(panel, site);
        using var customer = panel.Anonymous();

        var page = await customer.GetPageAsync(PathOf(link));
        var done = await customer.SubmitAsync(page, "set-password", new Dictionary<string, string> { ["Input.Password"] = Chosen, ["Input.Confirmation"] = Chosen });

        foreach (var response in new[] { page.Response, done.Response })
        {
            Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
            Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        }

        Assert.NotEmpty(panel.LogLines);
        Assert.DoesNotContain(panel.LogLines, l => l.Contains(link.Token, StringComparison.Ordinal) || l.Contains(Chosen, StringComparison.Ordinal));
    }

    [Fact]
    public void The_page_is_a_static_anonymous_page()
    {
        var page = typeof(SetPasswordPage);

        Assert.NotNull(page.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>());
        Assert.NotNull(page.GetCustomAttribute<AllowAnonymousAttribute>());
        Assert.Null(page.GetCustomAttribute<AuthorizeAttribute>());
        Assert.Contains(page.GetCustomAttributes<RouteAttribute>(), r => r.Template == "/set-password/{Token}");
    }

    internal static string PathOf(SetPasswordLinkCreated link) => "/" + SetPasswordLinkToken.PathFor(link.Token);

    internal static async Task<SetPasswordLinkCreated> MakeLinkAsync(PanelFactory panel, TestSite site, int? hours = null)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var made = await scope.ServiceProvider.GetRequiredService<SetPasswordLinkService>()
            .CreateAsync(new NewSetPasswordLink(site.UserName, SiteId: site.Id, LifetimeHours: hours), new Actor("test:staff"));
        Assert.True(made.Succeeded, made.Error);
        return made;
    }

    private static async Task<SetPasswordLinkTarget?> FindAsync(PanelFactory panel, string token)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SetPasswordLinkService>().FindAsync(token);
    }

    private static async Task ExpireAsync(PanelFactory panel, int linkId)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJail.Data.SftpJailDbContext>();
        var row = await db.Set<SetPasswordLink>().FindAsync(linkId);
        row!.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
        await db.SaveChangesAsync();
    }
}
