using System.Net;
using SftpJail.Core.Contract;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>The failed-login panel tells "nothing logged" apart from "no log to read".</summary>
public sealed class FailedLoginSourceTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Without_any_log_source_the_page_says_none_was_found_not_none_logged()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        panel.Executor.LogSourceFound = false;
        try
        {
            var page = await admin.GetPageAsync("/host/ssh");

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("No log source was found", page.Document.QuerySelector("[data-no-login-source]")?.TextContent, StringComparison.Ordinal);
            Assert.Null(page.Document.QuerySelector("[data-no-failed-logins]"));
            Assert.DoesNotContain("None logged", page.Text(), StringComparison.Ordinal);
        }
        finally
        {
            panel.Executor.LogSourceFound = true;
        }
    }

    [Fact]
    public async Task A_log_that_was_read_and_holds_no_failures_says_none_logged_and_where_it_looked()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        panel.Executor.FailedLogins = [];

        var page = await admin.GetPageAsync("/host/ssh");

        Assert.Contains("None logged (read from journal)", page.Document.QuerySelector("[data-no-failed-logins]")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("[data-no-login-source]"));
    }
}
