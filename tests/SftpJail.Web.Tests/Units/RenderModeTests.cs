using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace SftpJail.Web.Tests.Units;

/// <summary>
/// A page that posts a static form (SupplyParameterFromForm, HttpContext) breaks when it runs in a circuit, so a page
/// is interactive only by decision: every routable component is either on this list or excluded from interactive routing.
/// </summary>
public sealed class RenderModeTests
{
    private static readonly string[] InteractivePages =
    [
        "SftpJail.Web.Components.Pages.Home",
        "SftpJail.Web.Components.Pages.Sites.SiteList",
        "SftpJail.Web.Components.Pages.Audit.AuditTrail",
        "SftpJail.Web.Components.Pages.Sites.AddCustomer.AddCustomerPage",
        "SftpJail.Web.Components.Pages.Host.HostPage",
        "SftpJail.Web.Components.Pages.Host.SshAccessPage",
        "SftpJail.Web.Components.Pages.Sites.SitePage.SiteDetailPage",
        "SftpJail.Web.Components.Pages.Account.Accounts.AccountsPage",
        "SftpJail.Web.Components.Pages.Account.ApiTokens",
        "SftpJail.Web.Components.Pages.Sites.SiteActivity",
        "SftpJail.Web.Components.Pages.Sites.BulkImport.ImportSitesPage",
    ];

    private static IEnumerable<Type> Pages() =>
        typeof(Program).Assembly.GetTypes().Where(t => t.GetCustomAttributes<RouteAttribute>().Any());

    [Fact]
    public void Every_page_is_either_a_listed_interactive_page_or_stays_static()
    {
        var undecided = Pages()
            .Where(t => !InteractivePages.Contains(t.FullName) && t.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>() is null)
            .Select(t => t.FullName)
            .ToList();

        Assert.True(undecided.Count == 0, $"pages neither listed as interactive nor [ExcludeFromInteractiveRouting]: {string.Join(", ", undecided)}");
    }

    [Fact]
    public void The_listed_interactive_pages_exist_and_are_not_excluded()
    {
        var pages = Pages().ToDictionary(t => t.FullName!);
        foreach (var name in InteractivePages)
        {
            Assert.True(pages.TryGetValue(name, out var page), $"{name} is not a page");
            Assert.Null(page.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>());
        }
    }

    [Fact]
    public void Setup_and_sign_in_pages_stay_static()
    {
        foreach (var name in new[] { "Setup.FirstAdmin", "Account.Login", "Account.LoginWith2fa", "Account.Manage.EnableAuthenticator", "Account.Accounts.ChangePassword" })
        {
            var page = Pages().Single(t => t.FullName == $"SftpJail.Web.Components.Pages.{name}");
            Assert.NotNull(page.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>());
        }
    }
}
