using System.Net;
using System.Text;
using System.Text.Json;
using SftpJail.Data.ApiTokens;
using SftpJail.Web.Api;

namespace SftpJail.Web.Tests.Api;

/// <summary>
/// Failures under /api are Problem Details, never the panel's HTML pages, in the panel as deployed (Production): an
/// exception thrown by an endpoint (a test-only one, see <see cref="TestOnlyApiEndpoints"/>), no route, another
/// method, a body that is not JSON, a value that cannot be bound.
/// </summary>
public sealed class ApiErrorTests(ApiErrorsPanelFactory panel) : IClassFixture<ApiErrorsPanelFactory>
{
    [Fact]
    public async Task An_exception_in_an_endpoint_is_a_500_problem_with_a_reference_and_no_stack_trace()
    {
        using var api = panel.Api(await TokenAsync());

        var response = await api.GetAsync(TestOnlyApiEndpoints.ThrowsPath);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.Equal(ApiErrors.InternalErrorTitle, problem.GetProperty("title").GetString());
        var reference = problem.GetProperty("errorReference").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(reference));
        Assert.Contains(reference, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestOnlyApiEndpoints.SecretInTheException, body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);

        // Staff find what happened in the log under the reference the caller was given.
        Assert.Contains(panel.LogLines, line => line.Contains($"Error reference {reference}: GET {TestOnlyApiEndpoints.ThrowsPath} failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_exception_before_any_token_is_checked_is_a_problem_too()
    {
        using var anonymous = panel.Api(null);

        var response = await anonymous.GetAsync(TestOnlyApiEndpoints.ThrowsAnonymousPath);

        Assert.Contains("reference", await response.ProblemDetailAsync(500), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        using var api = panel.Api(await TokenAsync());

        Assert.Contains("no such API endpoint", await (await api.GetAsync("/api/v1/nothing-here")).ProblemDetailAsync(404), StringComparison.Ordinal);
        Assert.Contains("no such API endpoint", await (await api.PostAsync("/api/v2/sites", null)).ProblemDetailAsync(404), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_method_on_a_known_path_is_a_405_problem_naming_the_allowed_ones()
    {
        using var api = panel.Api(await TokenAsync());

        var response = await api.DeleteAsync("/api/v1/plan");

        var detail = await response.ProblemDetailAsync(405);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Equal("DELETE is not allowed here; this endpoint answers GET.", detail);
    }

    [Fact]
    public async Task A_body_that_is_not_json_for_a_bound_body_is_a_415_problem()
    {
        using var api = panel.Api(await TokenAsync());

        var response = await api.PostAsync(TestOnlyApiEndpoints.EchoPath, new StringContent("count=3", Encoding.UTF8, "text/plain"));

        Assert.Contains("Content-Type: application/json", await response.ProblemDetailAsync(415), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_value_that_cannot_be_bound_is_a_400_problem_that_does_not_quote_it()
    {
        using var api = panel.Api(await TokenAsync());

        var response = await api.GetAsync(TestOnlyApiEndpoints.CountPath + "?size=not-a-number-s3cret");

        var detail = await response.ProblemDetailAsync(400);
        Assert.Contains("could not be read", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_for_a_bound_body_is_a_400_problem()
    {
        using var api = panel.Api(await TokenAsync());

        var response = await api.PostAsync(TestOnlyApiEndpoints.EchoPath, new StringContent("{\"count\": ", Encoding.UTF8, "application/json"));

        await response.ProblemDetailAsync(400);
    }

    [Fact]
    public async Task A_page_outside_the_api_keeps_the_html_status_page()
    {
        using var browser = panel.Api(null);

        var response = await browser.GetAsync("/no-such-page-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> TokenAsync() => (await panel.AccountWithTokenAsync(ApiTokenScope.Staff)).Token;
}
