using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Static forms refuse cross-site posts (the add-customer page's hostile-input refusals are AddCustomerRulesTests').</summary>
public sealed class FormSafetyTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Theory]
    [InlineData("/Account/Manage", "change-password")]
    [InlineData("/Account/Login", "login")]
    [InlineData("/Account/Logout", null)]
    [InlineData("/Account/LogoutEverywhere", null)]
    public async Task A_post_without_the_antiforgery_token_is_rejected(string path, string? handler)
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var sitesBefore = await panel.CountSitesAsync();
        var fields = new Dictionary<string, string> { ["Input.Domain"] = "csrf.example.com", ["Input.Step"] = "apply" };
        if (handler is not null)
        {
            fields["_handler"] = handler;
        }

        var response = await staff.PostAsync(path, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(sitesBefore, await panel.CountSitesAsync());
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/sites")).StatusCode);
    }
}
