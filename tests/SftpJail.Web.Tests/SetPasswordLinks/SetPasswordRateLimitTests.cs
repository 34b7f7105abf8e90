using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.SetPasswordLinks;

/// <summary>The panel with a small budget for the set-password page, so its limit is reached in a few requests.</summary>
public sealed class SetPasswordRateLimitedPanel : PanelFactory
{
    public const int PerMinute = 4;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SetPasswordLinks:RequestsPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
    }
}

public sealed class SetPasswordRateLimitTests(SetPasswordRateLimitedPanel panel) : IClassFixture<SetPasswordRateLimitedPanel>
{
    [Fact]
    public async Task Guessing_links_from_one_address_is_cut_off_with_a_plain_retry_message_and_other_pages_still_answer()
    {
        using var client = panel.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < SetPasswordRateLimitedPanel.PerMinute + 2; i++)
        {
            statuses.Add((await client.GetAsync($"/set-password/guess{i}")).StatusCode);
        }

        var refused = await client.GetAsync("/set-password/one-more");
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, SetPasswordRateLimitedPanel.PerMinute), statuses.Take(SetPasswordRateLimitedPanel.PerMinute));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/plain", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter is not null, "Retry-After");
        Assert.Contains("Too many attempts", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }
}
