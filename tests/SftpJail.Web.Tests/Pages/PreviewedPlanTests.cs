using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Services;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Apply applies exactly what was previewed, and no password the preview page carries is in its HTML.</summary>
public sealed class PreviewedPlanTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Apply_after_the_domain_was_changed_is_refused_as_a_changed_plan_and_creates_nothing()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var previewed = panel.Unique("previewed") + ".example";
        var edited = panel.Unique("edited") + ".example";
        var preview = await PreviewAsync(staff, previewed);
        var sitesBefore = await panel.CountSitesAsync();
        var appliesBefore = panel.Executor.ApplyCount;

        var page = await staff.SubmitAsync(preview, "add-site", new Dictionary<string, string>
        {
            ["Input.Domain"] = edited,
            ["Input.Step"] = "apply",
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("preview again", string.Join(" ", page.ValidationMessages()), StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("[data-apply]"));
        Assert.Equal(sitesBefore, await panel.CountSitesAsync());
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
    }

    [Fact]
    public async Task Apply_is_refused_when_another_change_reached_the_state_since_the_preview()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var domain = panel.Unique("stale") + ".example";
        var preview = await PreviewAsync(staff, domain);
        await panel.AddCustomerAsync(withLogin: false); // someone else's change: the whole-state plan is not the one shown
        var appliesBefore = panel.Executor.ApplyCount;

        var page = await staff.SubmitAsync(preview, "add-site", new Dictionary<string, string> { ["Input.Step"] = "apply" });

        Assert.Contains("preview again", string.Join(" ", page.ValidationMessages()), StringComparison.Ordinal);
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
        Assert.DoesNotContain(domain, await SiteDomainsAsync());
    }

    [Fact]
    public async Task An_apply_posted_without_a_preview_is_refused()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var domain = panel.Unique("unseen") + ".example";
        var appliesBefore = panel.Executor.ApplyCount;

        var page = await staff.SubmitAsync("/sites/add/classic", "add-site", new Dictionary<string, string>
        {
            ["Input.Domain"] = domain,
            ["Input.Step"] = "apply",
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("preview", string.Join(" ", page.ValidationMessages()), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
        Assert.DoesNotContain(domain, await SiteDomainsAsync());
    }

    [Fact]
    public async Task The_preview_page_holds_no_generated_password_and_the_apply_shows_the_one_it_set()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var preview = await PreviewAsync(staff, panel.Unique("generated") + ".example");
        Assert.Null(preview.Document.QuerySelector("input[name='Input.GeneratedPassword']"));

        var detail = await staff.FollowAsync(await staff.SubmitAsync(preview, "add-site", new Dictionary<string, string> { ["Input.Step"] = "apply" }));

        var shown = detail.Flash(PanelClient.FlashSelector.Secret);
        Assert.False(string.IsNullOrEmpty(shown));
        Assert.Equal(shown, Assert.Single(panel.Executor.LastPasswords).Password);
        Assert.DoesNotContain(shown!, preview.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_staff_typed_is_not_echoed_into_the_preview_and_is_the_one_applied()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var typed = "Typed-by-staff-" + Guid.NewGuid().ToString("N")[..16];
        var preview = await staff.SubmitAsync("/sites/add/classic", "add-site", new Dictionary<string, string>
        {
            ["Input.Domain"] = panel.Unique("typed") + ".example",
            ["Input.PasswordMode"] = "set",
            ["Input.Password"] = typed,
            ["Input.Step"] = "preview",
        });
        Assert.NotNull(preview.Document.QuerySelector("[data-apply]"));
        Assert.DoesNotContain(typed, preview.Html, StringComparison.Ordinal);

        var applied = await staff.SubmitAsync(preview, "add-site", new Dictionary<string, string> { ["Input.Step"] = "apply" });
        var detail = await staff.FollowAsync(applied);

        Assert.Equal(typed, Assert.Single(panel.Executor.LastPasswords).Password);
        Assert.DoesNotContain(typed, detail.Html, StringComparison.Ordinal); // staff chose it: it is not shown back either
    }

    [Fact]
    public async Task A_kept_password_cannot_be_used_by_another_staff_member()
    {
        using var first = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        using var second = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var preview = await first.SubmitAsync("/sites/add/classic", "add-site", new Dictionary<string, string>
        {
            ["Input.Domain"] = panel.Unique("owned") + ".example",
            ["Input.PasswordMode"] = "set",
            ["Input.Password"] = "Kept-for-first-" + Guid.NewGuid().ToString("N")[..16],
            ["Input.Step"] = "preview",
        });
        var appliesBefore = panel.Executor.ApplyCount;
        var fields = preview.Document.QuerySelectorAll("form input[type=hidden][name^='Input.']")
            .ToDictionary(e => e.GetAttribute("name")!, e => e.GetAttribute("value") ?? "");

        // The second member's own form (own antiforgery token) carrying the first member's hidden fields.
        var stolen = await second.SubmitAsync("/sites/add/classic", "add-site", new Dictionary<string, string>(fields)
        {
            ["Input.Domain"] = preview.Document.QuerySelector("#domain")!.GetAttribute("value")!,
            ["Input.UserName"] = preview.Document.QuerySelector("#username")!.GetAttribute("value")!,
            ["Input.PasswordMode"] = "set",
            ["Input.Step"] = "apply",
        });

        Assert.Equal(HttpStatusCode.OK, stolen.Status);
        Assert.NotEmpty(stolen.ValidationMessages());
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
    }

    private static Task<PanelClient.Page> PreviewAsync(PanelClient staff, string domain) =>
        staff.SubmitAsync("/sites/add/classic", "add-site", new Dictionary<string, string>
        {
            ["Input.Domain"] = domain,
            ["Input.Step"] = "preview",
        });

    private async Task<IReadOnlyList<string>> SiteDomainsAsync()
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<ISiteService>().ListSitesAsync(new SiteQuery(PageSize: 500));
        return page.Items.Select(s => s.Domain).ToList();
    }
}
