using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>
/// Failures answer with the right status and, to customers, a generic message with a reference; the details go to the
/// log only. Run as deployed (Production), where the attack saw the 500s.
/// </summary>
public sealed class ErrorDisclosureTests : IAsyncLifetime
{
    private const string Internal = "connect(/run/sftpjail/executor.sock) failed: ECONNREFUSED at SftpJail.Core.Socket.Frame 0xdeadbeef";

    private readonly ProductionPanelFactory panel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await panel.DisposeAsync();

    [Theory]
    [InlineData(null, HttpStatusCode.BadRequest)]
    [InlineData("application/x-www-form-urlencoded", HttpStatusCode.BadRequest)]
    [InlineData("multipart/form-data; boundary=x", HttpStatusCode.BadRequest)]
    [InlineData("application/json", HttpStatusCode.UnsupportedMediaType)] // not a form at all
    public async Task Log_out_everywhere_without_a_token_is_refused_with_a_4xx_not_500(string? contentType, HttpStatusCode expected)
    {
        var admin = await panel.CreateAdminAsync();
        using var browser = await panel.LoginAsAsync(admin);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/LogoutEverywhere");
        if (contentType is not null)
        {
            request.Content = new StringContent(contentType.StartsWith("multipart", StringComparison.Ordinal) ? "--x--\r\n" : contentType.EndsWith("json", StringComparison.Ordinal) ? "{}" : "confirm=1");
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var response = await browser.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/host")).StatusCode);
    }

    [Theory]
    [InlineData("/Account/Manage", "change-password")]
    [InlineData("/Account/Login", "login")]
    [InlineData("/Account/Logout", null)]
    public async Task A_form_post_without_a_token_answers_400_in_production(string path, string? handler)
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var fields = new Dictionary<string, string> { ["Input.Domain"] = "csrf.example.com" };
        if (handler is not null)
        {
            fields["_handler"] = handler;
        }

        var response = await staff.PostAsync(path, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(0, await panel.CountSitesAsync());
    }

    [Fact]
    public async Task A_customer_sees_a_generic_message_with_a_reference_when_the_executor_cannot_be_reached()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);
        panel.Executor.HostInfoFailure = Internal;
        try
        {
            var page = await customer.GetPageAsync($"/connect/{site.Id}");

            Assert.Equal(HttpStatusCode.OK, page.Status);
            AssertGenericWithLoggedReference(page);
        }
        finally
        {
            panel.Executor.HostInfoFailure = null;
        }
    }

    [Fact]
    public async Task A_customer_sees_a_generic_message_with_a_reference_when_an_apply_fails()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);
        var connect = await customer.GetPageAsync($"/connect/{site.Id}");
        var form = connect.Document.QuerySelectorAll("input[name=_handler]").Select(h => h.GetAttribute("value")!).First(v => v.StartsWith("password-", StringComparison.Ordinal));
        panel.Executor.FailApplyWith = Internal;
        try
        {
            var page = await customer.SubmitAsync(connect, form, new Dictionary<string, string> { ["Credentials.Password"] = "" });

            Assert.Equal(HttpStatusCode.OK, page.Status);
            AssertGenericWithLoggedReference(page);
        }
        finally
        {
            panel.Executor.FailApplyWith = null;
        }
    }

    [Fact]
    public async Task An_unexpected_exception_shows_the_generic_error_page_with_a_reference()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);
        panel.Executor.HostInfoCrash = Internal;
        try
        {
            var page = await customer.GetPageAsync($"/connect/{site.Id}");

            Assert.Equal(HttpStatusCode.InternalServerError, page.Status);
            AssertGenericWithLoggedReference(page);
        }
        finally
        {
            panel.Executor.HostInfoCrash = null;
        }
    }

    [Fact]
    public async Task A_bad_return_url_after_sign_in_redirects_home_in_production_too()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = panel.Anonymous();

        var page = await browser.SubmitAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString("http://evil.example/"), "login", new Dictionary<string, string> { ["Input.Email"] = staff.Email, ["Input.Password"] = staff.Password });

        Assert.True(page.IsRedirect, $"{(int)page.Status}");
        Assert.Equal("/", PanelClient.LocalPath(page.Location!));
    }

    private void AssertGenericWithLoggedReference(PanelClient.Page page)
    {
        Assert.DoesNotContain("ECONNREFUSED", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("executor.sock", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("0xdeadbeef", page.Html, StringComparison.Ordinal);
        var reference = page.Document.QuerySelector("[data-error-reference]")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(reference), $"no reference on the page: {page.Text()}");
        Assert.Contains(panel.LogLines, l => l.Contains(reference, StringComparison.Ordinal) && l.Contains("ECONNREFUSED", StringComparison.Ordinal));
    }
}
