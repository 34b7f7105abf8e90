using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Data.SetPasswordLinks;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Security;

/// <summary>
/// The shipped log levels keep request lines (which carry a link's token) out of the log, but the error page logs the
/// failed request's path at Error: a link that fails to open (the database busy or broken) must not put its token,
/// still unused and working, into the log.
/// </summary>
public sealed class SetPasswordErrorLogTests : IAsyncLifetime
{
    private readonly ProductionPanelFactory panel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await panel.DisposeAsync();

    [Fact]
    public async Task A_link_that_fails_to_open_is_logged_without_its_token()
    {
        var (token, _) = SetPasswordLinkToken.Generate();
        using var visitor = panel.Anonymous();
        await using (var scope = panel.Services.CreateAsyncScope())
        {
            // Any failure of the page will do; this one needs no seam in the panel.
            await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Database.ExecuteSqlRawAsync("DROP TABLE SetPasswordLinks");
        }

        var response = await visitor.GetAsync("/set-password/" + token);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var lines = panel.LogLines;
        Assert.Contains(lines, l => l.Contains("GET /set-password/", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
