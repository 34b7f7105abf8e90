using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SftpJail.Web.Tests.Fixtures;

/// <summary><c>/metrics</c> fetched through the test server with the remote address set, as Kestrel would for a real connection.</summary>
internal static class MetricsScrape
{
    public static async Task<(HttpStatusCode Status, string Body)> GetMetricsTextAsync(this WebApplicationFactory<Program> panel, IPAddress? remote = null, string? forwardingHeader = null)
    {
        var context = await panel.Server.SendAsync(http =>
        {
            http.Request.Method = "GET";
            http.Request.Path = "/metrics";
            http.Connection.RemoteIpAddress = remote ?? IPAddress.Loopback;
            if (forwardingHeader is not null)
            {
                http.Request.Headers[forwardingHeader] = "198.51.100.4";
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return ((HttpStatusCode)context.Response.StatusCode, await reader.ReadToEndAsync());
    }

    /// <summary>Every sample from loopback, by its name with labels (e.g. <c>x_bucket{le="+Inf"}</c>); the scrape must answer 200.</summary>
    public static async Task<Dictionary<string, double>> ScrapeAsync(this WebApplicationFactory<Program> panel)
    {
        var (status, body) = await panel.GetMetricsTextAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
