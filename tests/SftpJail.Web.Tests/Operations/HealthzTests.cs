using System.Net;
using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Operations;

/// <summary><c>/healthz</c>: anonymous, status words only, 200 when every part answers and 503 as soon as one does not.</summary>
public sealed class HealthzTests : IDisposable
{
    private static readonly string[] Checks = ["panel", "database", "executor", "sshd", "webserver"];

    private readonly PanelFactory factory = new();
    private readonly BannerServer sshd = new("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
    private readonly BannerServer web = new("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

    public HealthzTests()
    {
        factory.Executor.SshdPort = sshd.Port;
        factory.Executor.Web = new WebServerInfo("Nginx", "Dedicated", "0.0.0.0", web.Port, null);
    }

    public void Dispose()
    {
        factory.Dispose();
        sshd.Dispose();
        web.Dispose();
    }

    [Fact]
    public async Task Is_200_and_names_every_check_healthy_when_everything_answers()
    {
        var (status, overall, checks, body) = await GetAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", overall);
        Assert.Equal(Checks.Order(), checks.Keys.Order());
        Assert.All(checks, c => Assert.Equal("Healthy", c.Value));
        Assert.DoesNotContain(sshd.Port.ToString(), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_503_when_the_executor_is_unreachable_and_does_not_repeat_why()
    {
        factory.Executor.HostInfoFailure = "cannot connect to /run/sftpjail/executor.sock: Connection refused";

        var (status, overall, checks, body) = await GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", overall);
        Assert.Equal("Unhealthy", checks["executor"]);
        Assert.Equal("Healthy", checks["database"]);
        Assert.Equal("Healthy", checks["panel"]);
        Assert.DoesNotContain("/run/", body, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Is_503_when_sshd_does_not_answer_on_its_port()
    {
        sshd.Dispose();

        var (status, _, checks, _) = await GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks["sshd"]);
        Assert.Equal("Healthy", checks["executor"]);
        Assert.Equal("Healthy", checks["webserver"]);
    }

    [Fact]
    public async Task Is_503_when_the_port_answers_something_other_than_http()
    {
        using var notHttp = new BannerServer("SSH-2.0-not-a-web-server\r\n");
        factory.Executor.Web = new WebServerInfo("Nginx", "Dedicated", "127.0.0.1", notHttp.Port, null);

        var (status, _, checks, _) = await GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks["webserver"]);
    }

    [Fact]
    public async Task Counts_no_web_server_as_healthy_when_the_executor_manages_none()
    {
        factory.Executor.Web = null;

        var (status, _, checks, _) = await GetAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", checks["webserver"]);
    }

    private async Task<(HttpStatusCode Status, string Overall, Dictionary<string, string> Checks, string Body)> GetAsync()
    {
        using var client = factory.Anonymous();
        using var response = await client.GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return (response.StatusCode, json.RootElement.GetProperty("status").GetString()!, checks, body);
    }
}
