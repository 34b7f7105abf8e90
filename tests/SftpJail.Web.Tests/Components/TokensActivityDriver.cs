using Bunit;
using SftpJail.Web.Components.Pages.Account;
using SftpJail.Web.Components.Pages.Sites;

namespace SftpJail.Web.Tests.Components;

/// <summary>Clicks through the API tokens and site activity pages as a person would: the form or button, then its dialog.</summary>
public static class TokensActivityDriver
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static IRenderedComponent<ApiTokens> OpenTokens(CircuitHarness circuit) => circuit.Render<ApiTokens>("accounts/tokens");

    /// <summary>The tokens page as an allowed user sees it (the load ran: the form is there).</summary>
    public static IRenderedComponent<ApiTokens> OpenTokensLoaded(CircuitHarness circuit)
    {
        var page = OpenTokens(circuit);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-create-token]")), Wait);
        return page;
    }

    /// <summary>Fills the new-token form (the scope stays at its default, Staff).</summary>
    public static void FillToken(IRenderedComponent<ApiTokens> page, string owner, string name, int days = 30)
    {
        page.Find("[data-field=owner] input").Input(owner);
        page.Find("[data-field=name] input").Input(name);
        page.Find("[data-field=days] input").Input(days.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static IRenderedComponent<SiteActivity> OpenActivity(CircuitHarness circuit, int siteId, string query = "") =>
        circuit.Render<SiteActivity>($"sites/{siteId}/activity{query}", new Dictionary<string, object?> { [nameof(SiteActivity.SiteId)] = siteId });

    public static void WaitFor(CircuitHarness circuit, string selector) =>
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find(selector)), Wait);

    public static async Task ConfirmAsync(CircuitHarness circuit)
    {
        WaitFor(circuit, "[data-confirm-ok]");
        await Task.Yield();
        circuit.Find("[data-confirm-ok]").Click();
    }

    public static async Task CancelAsync(CircuitHarness circuit)
    {
        WaitFor(circuit, "[data-confirm-cancel]");
        await Task.Yield();
        circuit.Find("[data-confirm-cancel]").Click();
        circuit.WaitForAssertion(() => Assert.DoesNotContain("data-confirm-dialog", circuit.Markup, StringComparison.Ordinal), Wait);
    }
}
