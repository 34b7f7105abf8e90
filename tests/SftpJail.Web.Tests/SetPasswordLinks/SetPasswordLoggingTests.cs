using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.SetPasswordLinks;

/// <summary>The panel with ASP.NET Core's own loggers raised to Information, as an operator debugging requests might.</summary>
public sealed class VerboseRequestLogPanel : PanelFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        }));
    }
}

/// <summary>
/// At the shipped levels no log line has the token (<see cref="SetPasswordPageTests"/>); this pins down what the README
/// says about raised levels: hosting logs each request line, so only the opening GET's lines carry it, never the
/// redeeming POST's, and nothing carries the password.
/// </summary>
public sealed class SetPasswordLoggingTests(VerboseRequestLogPanel panel) : IClassFixture<VerboseRequestLogPanel>
{
    private const string Chosen = "violet-Canyon-anchor-58";

    [Fact]
    public async Task With_request_logging_on_only_the_opening_gets_request_lines_name_the_token()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var link = await SetPasswordPageTests.MakeLinkAsync(panel, site);
        using var customer = panel.Anonymous();

        var page = await customer.GetPageAsync(SetPasswordPageTests.PathOf(link));
        var done = await customer.SubmitAsync(page, "set-password", new Dictionary<string, string> { ["Input.Password"] = Chosen, ["Input.Confirmation"] = Chosen });

        Assert.NotNull(done.Document.QuerySelector("[data-password-set]"));
        var lines = panel.LogLines;
        Assert.Contains(lines, l => l.StartsWith("Request starting HTTP/1.1 POST http://localhost/set-password ", StringComparison.Ordinal));
        var naming = lines.Where(l => l.Contains(link.Token, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(naming);
        Assert.All(naming, l => Assert.Matches("^Request (starting|finished) HTTP/1.1 GET http://localhost/set-password/", l));
        Assert.DoesNotContain(lines, l => l.Contains(Chosen, StringComparison.Ordinal));
    }
}
