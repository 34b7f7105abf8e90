using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Forms refuse cross-site posts and hostile values before anything reaches the database or the executor.</summary>
public sealed class FormSafetyTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Theory]
    [InlineData("/sites/add/classic", "add-site")]
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
        var result = await AddCustomerThroughTheFormAsync(domain, userName: "");

        Assert.Contains(expectedWords, string.Join(" | ", result.Messages), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(result.SitesBefore, await panel.CountSitesAsync());
        Assert.Equal(result.AccountsBefore, await panel.CountSftpAccountsAsync());
        Assert.Equal(result.PanelUsersBefore, await panel.CountPanelUsersAsync());
        Assert.Equal(result.AppliesBefore, panel.Executor.ApplyCount);
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
        var result = await AddCustomerThroughTheFormAsync($"{panel.Unique("hostile")}.example.com", userName);

        Assert.Contains(expectedWords, string.Join(" | ", result.Messages), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(result.SitesBefore, await panel.CountSitesAsync());
        Assert.Equal(result.AccountsBefore, await panel.CountSftpAccountsAsync());
        Assert.Equal(result.PanelUsersBefore, await panel.CountPanelUsersAsync());
        Assert.Equal(result.AppliesBefore, panel.Executor.ApplyCount);
    }

    [Theory]
    [InlineData("short1", "at least 12")]
    [InlineData("Password2024!", "common word")]
    [InlineData("qwertyuiop1234", "keyboard")]
    [InlineData("aaaaaaaaaaaaaaaa", "too few different")]
    [InlineData("line\nbreak-password-x", "control")]
    public async Task A_weak_or_hostile_sftp_password_is_refused_and_creates_nothing(string password, string expectedWords)
    {
        var result = await AddCustomerThroughTheFormAsync($"{panel.Unique("weak")}.example.com", "", password);

        Assert.Contains(expectedWords, string.Join(" | ", result.Messages), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(result.SitesBefore, await panel.CountSitesAsync());
        Assert.Equal(result.AppliesBefore, panel.Executor.ApplyCount);
    }

    [Fact]
    public async Task A_hostile_customer_email_is_refused_and_creates_no_account()
    {
        var result = await AddCustomerThroughTheFormAsync($"{panel.Unique("mail")}.example.com", "", customerEmail: "x@y.test\nBcc: victim@z.test");

        Assert.Contains("e-mail", string.Join(" | ", result.Messages), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(result.PanelUsersBefore, await panel.CountPanelUsersAsync());
        Assert.Equal(result.SitesBefore, await panel.CountSitesAsync());
    }

    private async Task<FormOutcome> AddCustomerThroughTheFormAsync(string domain, string userName, string? password = null, string customerEmail = "")
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var outcome = new FormOutcome(await panel.CountSitesAsync(), await panel.CountSftpAccountsAsync(), await panel.CountPanelUsersAsync(), panel.Executor.ApplyCount);
        var page = await staff.SubmitAsync("/sites/add/classic", "add-site", new Dictionary<string, string>
        {
            ["Input.Domain"] = domain,
            ["Input.UserName"] = userName,
            ["Input.PasswordMode"] = password is null ? "generate" : "set",
            ["Input.Password"] = password ?? "",
            ["Input.CustomerEmail"] = customerEmail,
            ["Input.Step"] = "apply",
        });

        // Refused means: the form again with a message (200), or for a NUL the guard's 400 page; never a redirect.
        Assert.True(page.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"status {(int)page.Status}");
        return outcome with { Messages = page.ValidationMessages() };
    }

    private sealed record FormOutcome(int SitesBefore, int AccountsBefore, int PanelUsersBefore, int AppliesBefore)
    {
        public IReadOnlyList<string> Messages { get; init; } = [];
    }
}
