using System.Net;
using SftpJail.Data.ApiTokens;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Api;

/// <summary>A token is shown once, on the page that made it, and is never in the log, the audit trail or a later page.</summary>
public sealed class ApiTokenSecrecyTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task The_tokens_page_shows_a_new_token_once_and_it_is_never_logged_or_audited()
    {
        var owner = await panel.CreateStaffAsync();
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        var posted = await admin.SubmitAsync("/accounts/tokens", "new-token", new Dictionary<string, string>
        {
            ["Input.OwnerEmail"] = owner.Email,
            ["Input.Name"] = "deploy script",
            ["Input.Scope"] = "Staff",
            ["Input.ExpiresInDays"] = "30",
        });
        var shown = await admin.FollowAsync(posted);
        var token = shown.Flash(PanelClient.FlashSelector.Secret);
        Assert.NotNull(token);
        Assert.True(ApiTokenSecret.TryParse(token, out var keyId, out var secret), token);
        Assert.Contains(ApiTokenSecret.Display(keyId), shown.Text(), StringComparison.Ordinal);

        var again = await admin.GetPageAsync("/accounts/tokens");
        Assert.DoesNotContain(secret, again.Html, StringComparison.Ordinal);
        Assert.Contains(ApiTokenSecret.Display(keyId), again.Text(), StringComparison.Ordinal);

        // Used (accepted), used on something its scope forbids, revoked on the page, used again (refused).
        using (var api = panel.Api(token))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/sites")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/audit")).StatusCode);
            var row = again.Document.QuerySelector($"tr[data-token] code")!.TextContent == ApiTokenSecret.Display(keyId)
                ? again.Document.QuerySelector("tr[data-token]")!
                : again.Document.QuerySelectorAll("tr[data-token]").Single(r => r.TextContent.Contains(ApiTokenSecret.Display(keyId), StringComparison.Ordinal));
            var revoked = await admin.SubmitAsync(again, $"revoke-{row.GetAttribute("data-token")}");
            var after = await admin.FollowAsync(revoked);
            Assert.Contains("revoked", after.Flash(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/sites")).StatusCode);
        }

        var stored = await panel.ReadTokenAsync(token);
        Assert.NotNull(stored.RevokedAt);
        Assert.NotNull(stored.LastUsedAt);
        var secrets = new[] { token, secret, stored.SecretHash };
        var audit = await panel.FullAuditAsync();
        Assert.Contains(audit, e => e.Action == ApiTokenService.CreatedAction);
        Assert.Contains(audit, e => e.Action == ApiTokenService.RevokedAction);
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
    public async Task A_forged_token_in_a_request_is_not_logged()
    {
        var token = (await panel.AccountWithTokenAsync(ApiTokenScope.Admin)).Token;
        var forged = token[..^6] + "Zz9Zz9";
        using var api = panel.Api(forged);

        Assert.Equal(ApiTokenService.NotValid, await (await api.GetAsync("/api/v1/plan")).ProblemDetailAsync(401));
        Assert.DoesNotContain(panel.LogLines, line => line.Contains(forged[^20..], StringComparison.Ordinal) || line.Contains(token[^20..], StringComparison.Ordinal));
        Assert.Contains(await panel.FullAuditAsync(), e => e.Action == ApiTokenService.DeniedAction && e.Detail!.StartsWith("wrong secret", StringComparison.Ordinal));
    }
}
