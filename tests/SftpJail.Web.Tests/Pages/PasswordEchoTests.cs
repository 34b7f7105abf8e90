using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>A typed password never comes back in a page's HTML, whatever the form answers (validation error, wrong password).</summary>
public sealed class PasswordEchoTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Theory]
    [InlineData("Password1234")] // long enough, refused by the strength rules
    [InlineData("short-Typed")] // refused by the length rule before any handler runs
    public async Task The_first_admin_setup_page_does_not_echo_a_refused_password(string password)
    {
        await using var fresh = new PanelFactory();
        using var browser = fresh.Anonymous();

        var page = await browser.SubmitAsync(fresh.SetupPathFromLog()!, "first-admin", new Dictionary<string, string> { ["Input.Email"] = "boss@example.test", ["Input.Password"] = password });

        Assert.NotEmpty(page.ValidationMessages());
        Assert.DoesNotContain(password, page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_page_does_not_echo_a_wrong_password()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = panel.Anonymous();
        var typed = "Typed-wrong-" + Guid.NewGuid().ToString("N");

        var page = await browser.SubmitAsync("/Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = staff.Email, ["Input.Password"] = typed });

        Assert.Contains("Wrong e-mail or password", page.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(typed, page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_password_does_not_echo_either_password_on_an_error()
    {
        var staff = await panel.CreateStaffAsync();
        using var browser = await panel.LoginAsAsync(staff);
        var wrongOld = "Typed-old-" + Guid.NewGuid().ToString("N");
        var wanted = "Typed-new-" + Guid.NewGuid().ToString("N");

        var page = await browser.SubmitAsync("/Account/Manage", "change-password", new Dictionary<string, string> { ["Password.OldPassword"] = wrongOld, ["Password.NewPassword"] = wanted });

        Assert.NotEmpty(page.ValidationMessages());
        Assert.DoesNotContain(wrongOld, page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(wanted, page.Html, StringComparison.Ordinal);
    }
}
