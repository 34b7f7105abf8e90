using System.Net;
using Bunit;
using SftpJail.Data.ApiTokens;
using SftpJail.Web.Tests.Api;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.TokensActivityDriver;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The interactive API tokens page over the real panel: a token is shown once, in the tab that made it, and is never in
/// the log, the audit trail or a later render; revoking asks first.
/// </summary>
public sealed class ApiTokensPageTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task A_new_token_is_shown_once_is_revoked_only_after_asking_and_is_never_logged_or_audited()
    {
        var owner = await panel.CreateStaffAsync();
        var admin = await panel.CreateAdminAsync();
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(admin);
        var page = OpenTokensLoaded(circuit);

        FillToken(page, owner.Email, "deploy script");
        page.Find("[data-create-token]").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-secret]")), Wait);
        var token = page.Find("[data-secret]").TextContent.Trim();
        Assert.True(ApiTokenSecret.TryParse(token, out var keyId, out var secret), token);
        var display = ApiTokenSecret.Display(keyId);
        Assert.Contains("not shown again", page.Find("[data-secret-notice]").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-token-display]"), c => c.TextContent == display), Wait);

        // Closing the notice drops it; a later render (another tab, a reload over HTTP) never has it.
        page.Find("[data-secret-notice] button").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-secret]")), Wait);
        Assert.DoesNotContain(secret, circuit.Markup, StringComparison.Ordinal);
        await using (var later = new CircuitHarness(panel))
        {
            await later.SignInAsync(admin);
            var again = OpenTokensLoaded(later);
            again.WaitForAssertion(() => Assert.Contains(display, again.Markup, StringComparison.Ordinal), Wait);
            Assert.DoesNotContain(secret, again.Markup, StringComparison.Ordinal);
        }

        using (var browser = await panel.LoginAsAsync(admin))
        {
            var reloaded = await browser.GetPageAsync("/accounts/tokens");
            Assert.Equal(HttpStatusCode.OK, reloaded.Status);
            Assert.Contains(display, reloaded.Text(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, reloaded.Html, StringComparison.Ordinal);
        }

        var id = (await panel.ReadTokenAsync(token)).Id;
        using (var api = panel.Api(token))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/sites")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/audit")).StatusCode);

            // Revoke asks first: cancelled, the token still works.
            page.Find($"[data-revoke='{id}']").Click();
            WaitFor(circuit, "[data-confirm-dialog]");
            Assert.Contains(display, circuit.Find(".mud-dialog").TextContent, StringComparison.Ordinal);
            await CancelAsync(circuit);
            Assert.Null((await panel.ReadTokenAsync(token)).RevokedAt);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/sites")).StatusCode);

            page.Find($"[data-revoke='{id}']").Click();
            await ConfirmAsync(circuit);
            circuit.WaitForAssertion(() => Assert.Contains($"{display} was revoked", circuit.Markup, StringComparison.Ordinal), Wait);
            page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-revoke='{id}']")), Wait);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/sites")).StatusCode);
        }

        var stored = await panel.ReadTokenAsync(token);
        Assert.NotNull(stored.RevokedAt);
        Assert.NotNull(stored.LastUsedAt);
        var secrets = new[] { token, secret, stored.SecretHash };
        var audit = await panel.FullAuditAsync();
        Assert.Contains(audit, e => e.Action == ApiTokenService.CreatedAction && e.Actor == $"panel:{admin.Email}");
        Assert.Contains(audit, e => e.Action == ApiTokenService.RevokedAction && e.Actor == $"panel:{admin.Email}");
        Assert.Contains(audit, e => e.Action == ApiTokenService.DeniedAction && e.Detail!.StartsWith("revoked", StringComparison.Ordinal));
        foreach (var entry in audit)
        {
            var columns = string.Join('\n', entry.Actor, entry.Action, entry.Target, entry.Before, entry.After, entry.Error, entry.Detail);
            Assert.DoesNotContain(secrets, s => columns.Contains(s, StringComparison.Ordinal));
        }

        Assert.NotEmpty(panel.LogLines);
        Assert.DoesNotContain(panel.LogLines, line => secrets.Any(s => line.Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_token_beyond_its_owners_role_is_refused_and_nothing_is_shown()
    {
        var customer = await panel.CreateCustomerAsync();
        await using var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateAdminAsync());
        var page = OpenTokensLoaded(circuit);

        FillToken(page, customer.Email, "too strong");
        page.Find("[data-create-token]").Click();

        circuit.WaitForAssertion(() => Assert.Contains("a token cannot do more than its owner", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.Empty(page.FindAll("[data-secret]"));
        Assert.DoesNotContain((await panel.FullAuditAsync()), e => e.Action == ApiTokenService.CreatedAction && e.After != null && e.After.Contains(customer.Email, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_an_admin_opens_the_tokens_page_over_http()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetPageAsync("/accounts/tokens")).Status);
        var page = await admin.GetPageAsync("/accounts/tokens");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("[data-api-tokens] [data-create-token]"));
    }
}
