using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Web.Applies;
using SftpJail.Web.Components.Pages.Sites.AddCustomer;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The add-customer page's refusals in a circuit over the real panel and the fake executor: hostile input is refused as
/// it is typed and reaches neither the database nor the executor; an apply is tied to its preview; a typed password stays
/// in its own field only (no message, plan or outcome repeats it); a failed apply keeps nothing. In the add-customer collection: applies are process-wide.
/// </summary>
[Collection(AddCustomerPageCollection.Name)]
public sealed class AddCustomerRulesTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("evil\n.example.com", "line break")]
    [InlineData("evil\0.example.com", "NUL")]
    [InlineData("ev%il.example.com", "%")]
    [InlineData("ev\"il.example.com", "quote")]
    [InlineData("ev il.example.com", "space")]
    [InlineData("evil..example.com", "empty label")]
    [InlineData("../../etc/passwd", "slash")]
    public async Task A_hostile_domain_is_refused_with_a_message_and_creates_nothing(string domain, string expectedWords)
    {
        await RefusedAsync("domain", expectedWords, page => Type(page, "domain", domain));
    }

    [Theory]
    [InlineData("bad\nname", "line break")]
    [InlineData("bad\0name", "NUL")]
    [InlineData("bad%name", "%")]
    [InlineData("bad'name", "quote")]
    [InlineData("bad name", "space")]
    [InlineData("..", "'.'")]
    [InlineData("root", "reserved")]
    [InlineData("Upper", "lower")]
    public async Task A_hostile_username_is_refused_with_a_message_and_creates_nothing(string userName, string expectedWords)
    {
        await RefusedAsync("username", expectedWords, page =>
        {
            Type(page, "domain", panel.Unique("hostile") + ".example.com");
            Type(page, "username", userName);
        });
    }

    [Theory]
    [InlineData("short1", "at least 12")]
    [InlineData("Password2024!", "common word")]
    [InlineData("qwertyuiop1234", "keyboard")]
    [InlineData("aaaaaaaaaaaaaaaa", "too few different")]
    [InlineData("line\nbreak-password-x", "control")]
    public async Task A_weak_or_hostile_sftp_password_is_refused_and_its_message_does_not_repeat_it(string password, string expectedWords)
    {
        await RefusedAsync("password", expectedWords, page =>
        {
            Type(page, "domain", panel.Unique("weak") + ".example.com");
            page.Find("[data-mode=set]").Click();
            Type(page, "password", password);
        }, secret: password);
    }

    [Fact]
    public async Task A_hostile_customer_email_is_refused_and_creates_no_account()
    {
        await RefusedAsync("email", "e-mail", page =>
        {
            Type(page, "domain", panel.Unique("mail") + ".example.com");
            Type(page, "email", "x@y.test\nBcc: victim@z.test");
        });
    }

    [Fact]
    public async Task Apply_is_refused_when_another_change_reached_the_state_since_the_preview()
    {
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<AddCustomerPage>();
        var domain = panel.Unique("stale") + ".example";
        await PreviewAsync(page, domain);
        await panel.AddCustomerAsync(withLogin: false); // someone else's change: the whole-state plan is not the one shown
        var appliesBefore = panel.Executor.ApplyCount;
        var sitesBefore = await panel.CountSitesAsync();

        await page.Find("[data-apply]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("preview again", page.Find("[data-outcome=failed]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
        Assert.Equal(sitesBefore, await panel.CountSitesAsync());
    }

    [Fact]
    public async Task A_typed_password_stays_in_its_field_only_and_is_the_one_applied()
    {
        var typed = "Typed-by-staff-" + Guid.NewGuid().ToString("N")[..16];
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<AddCustomerPage>();
        Type(page, "domain", panel.Unique("typed") + ".example");
        page.Find("[data-mode=set]").Click();
        Type(page, "password", typed);
        page.WaitForAssertion(() => Assert.False(page.Find("[data-preview]").HasAttribute("disabled")), Wait);
        await page.Find("[data-preview]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-apply]")), Wait);
        // In the circuit the only copy is the field it was typed into (its value); no text, no plan, no diff holds it.
        Assert.Equal(typed, page.Find("div[data-field=password] input").GetAttribute("value"));
        Assert.Single(page.Markup.Split(typed)[1..]);
        Assert.DoesNotContain(typed, page.Find("[data-add-customer]").TextContent, StringComparison.Ordinal);

        await page.Find("[data-apply]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("applied", page.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
        Assert.Equal(typed, Assert.Single(panel.Executor.LastPasswords).Password);
        Assert.Empty(page.FindAll("[data-handover-row=password]")); // staff chose it: it is not shown back either
        Assert.DoesNotContain(typed, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_customer_login_is_audited_with_the_staff_member_and_no_password_in_the_audit()
    {
        var staff = await panel.CreateStaffAsync();
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(staff);
        var page = ctx.Render<AddCustomerPage>();
        var domain = panel.Unique("audited") + ".example.com";
        var email = $"{panel.Unique("owner")}@customer.test";
        Type(page, "email", email);
        await PreviewAsync(page, domain);

        await page.Find("[data-apply]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("applied", page.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
        var initial = page.Find("[data-secret=customer]").TextContent.Trim();
        var generated = page.Find("[data-handover-row=password] [data-value]").TextContent.Trim();
        var audit = await panel.FullAuditAsync();
        Assert.Contains(audit, e => e.Action == "account.create" && e.Target == $"account:{email}" && e.Actor == $"panel:{staff.Email}");
        Assert.Contains(audit, e => e.Target.StartsWith(domain, StringComparison.Ordinal) && e.Actor == $"panel:{staff.Email}");
        Assert.DoesNotContain(audit, e => $"{e.Target} {e.Detail} {e.Before} {e.After}".Contains(generated, StringComparison.Ordinal)
            || $"{e.Target} {e.Detail} {e.Before} {e.After}".Contains(initial, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_apply_keeps_no_site_and_no_customer_login_and_shows_the_executors_error()
    {
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<AddCustomerPage>();
        var domain = panel.Unique("fails") + ".example.com";
        Type(page, "email", $"owner@{domain}");
        await PreviewAsync(page, domain);
        var sitesBefore = await panel.CountSitesAsync();
        var usersBefore = await panel.CountPanelUsersAsync();
        panel.Executor.FailApplyWith = "sshd -t rejected the configuration";
        try
        {
            await page.Find("[data-apply]").ClickAsync(new());

            page.WaitForAssertion(() => Assert.Contains("sshd -t rejected the configuration", page.Find("[data-outcome=failed]").TextContent, StringComparison.Ordinal), Wait);
            Assert.Equal(sitesBefore, await panel.CountSitesAsync());
            Assert.Equal(usersBefore, await panel.CountPanelUsersAsync());
            Assert.Empty(page.FindAll("[data-handover]"));
        }
        finally
        {
            panel.Executor.FailApplyWith = null;
        }
    }

    /// <summary>Types into the form, then checks the field's message, that Preview stays off, and that nothing was made.</summary>
    /// <param name="secret">A typed password: its refusal message must not repeat it.</param>
    private async Task RefusedAsync(string field, string expectedWords, Action<IRenderedComponent<AddCustomerPage>> type, string? secret = null)
    {
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var before = (await panel.CountSitesAsync(), await panel.CountSftpAccountsAsync(), await panel.CountPanelUsersAsync(), panel.Executor.ApplyCount);
        var plansBefore = panel.Executor.Calls.Count(c => c == "plan");
        var page = ctx.Render<AddCustomerPage>();

        type(page);

        page.WaitForAssertion(() => Assert.Contains(expectedWords, page.Find($"div[data-field={field}]").TextContent, StringComparison.OrdinalIgnoreCase), Wait);
        Assert.True(page.Find("[data-preview]").HasAttribute("disabled"));
        await page.Find("[data-preview]").ClickAsync(new()); // a click anyway reaches no plan
        Assert.Empty(page.FindAll("[data-preview-panel]"));
        Assert.Equal(plansBefore, panel.Executor.Calls.Count(c => c == "plan"));
        Assert.Equal(before, (await panel.CountSitesAsync(), await panel.CountSftpAccountsAsync(), await panel.CountPanelUsersAsync(), panel.Executor.ApplyCount));
        if (secret is not null)
        {
            Assert.DoesNotContain(secret, page.Find("[data-add-customer]").TextContent, StringComparison.Ordinal);
        }
    }

    private static async Task PreviewAsync(IRenderedComponent<AddCustomerPage> page, string domain)
    {
        Type(page, "domain", domain);
        page.WaitForAssertion(() => Assert.False(page.Find("[data-preview]").HasAttribute("disabled")), Wait);
        await page.Find("[data-preview]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-apply]")), Wait);
    }

    private static void Type(IRenderedComponent<AddCustomerPage> page, string field, string text) =>
        page.Find($"div[data-field={field}] {(field == "keys" ? "textarea" : "input")}").Input(text);
}
