using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Web.Components.Pages.Sites.SitePage;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>Clicks through the interactive site page's actions as a person would: the button, then its dialog.</summary>
public static class SitePageActions
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public const string Ed25519Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop";

    public static IRenderedComponent<SiteDetailPage> Open(CircuitHarness circuit, int siteId) =>
        circuit.Render<SiteDetailPage>($"sites/{siteId}", new Dictionary<string, object?> { [nameof(SiteDetailPage.SiteId)] = siteId });

    /// <summary>The page as it shows the site's users (the load ran and was allowed).</summary>
    public static IRenderedComponent<SiteDetailPage> OpenLoaded(CircuitHarness circuit, int siteId)
    {
        var page = Open(circuit, siteId);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-user]")), Wait);
        return page;
    }

    public static void ClickUserButton(IRenderedComponent<SiteDetailPage> page, string userName, string action) =>
        page.Find($"[data-user-actions='{userName}'] [data-action='{action}']").Click();

    public static void ClickUserMenuItem(CircuitHarness circuit, IRenderedComponent<SiteDetailPage> page, string userName, string action)
    {
        page.Find($"[data-more-actions='{userName}'] button").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find($"[data-action='{action}']")), Wait);
        circuit.Find($"[data-action='{action}']").Click();
    }

    public static async Task ConfirmAsync(CircuitHarness circuit)
    {
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-confirm-ok]")), Wait);
        await Task.Yield();
        circuit.Find("[data-confirm-ok]").Click();
    }

    /// <summary>Types the name into the open typed-confirmation dialog.</summary>
    public static void Type(CircuitHarness circuit, string text)
    {
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-typed-confirm-input] input")), Wait);
        circuit.Find("[data-typed-confirm-input] input").Input(text);
    }

    public static void WaitForText(CircuitHarness circuit, string text) =>
        circuit.WaitForAssertion(() => Assert.Contains(text, circuit.Markup, StringComparison.Ordinal), Wait);

    /// <summary>The audit actions recorded for a site and its users.</summary>
    public static async Task<IReadOnlyList<string>> AuditActionsAsync(PanelFactory panel, string domain) =>
        (await panel.AuditEntriesAsync()).Where(e => e.Target == domain || e.Target.StartsWith(domain + "/", StringComparison.Ordinal)).Select(e => e.Action).ToList();

    public static async Task<T> ReadAsync<T>(PanelFactory panel, Func<SftpJailDbContext, Task<T>> read)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<SftpJailDbContext>());
    }

    public static Task<bool> UserReadOnlyAsync(PanelFactory panel, string userName) =>
        ReadAsync(panel, db => db.SftpAccounts.Where(a => a.UserName == userName).Select(a => a.ReadOnly).SingleAsync());
}
