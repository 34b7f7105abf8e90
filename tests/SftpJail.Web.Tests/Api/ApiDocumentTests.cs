using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Web.Api;
using SftpJail.Web.Infrastructure;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Api;

/// <summary>The OpenAPI document lists every API endpoint and nothing else; the reference page is served from the panel under its own CSP.</summary>
public sealed partial class ApiDocumentTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task The_openapi_document_lists_every_api_endpoint_and_only_those()
    {
        using var client = panel.Api(null);
        var response = await client.GetAsync("/api/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .Order().ToList();
        var mapped = panel.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {Constraint().Replace(e.RoutePattern.RawText!, "}").TrimEnd('/')}"))
            .Order().ToList();
        Assert.True(mapped.Count >= 25, string.Join(", ", mapped));
        Assert.Equal(mapped, documented);
        Assert.Equal("http", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_reference_page_loads_its_script_from_the_panel_and_only_it_has_the_relaxed_policy()
    {
        using var client = panel.Api(null);
        var page = await client.GetAsync(ApiEndpoints.ReferencePath + "/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(ApiEndpoints.ReferencePolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, src => Assert.DoesNotMatch("^(https?:)?//", src));
        var script = await client.GetAsync(new Uri(new Uri("http://localhost" + ApiEndpoints.ReferencePath + "/"), scripts[0]).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        var login = await client.GetAsync("/Account/Login");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, login.Headers.GetValues("Content-Security-Policy").Single());
        var api = await client.GetAsync("/api/v1/sites");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, api.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_problem_not_an_html_page()
    {
        using var client = panel.Api(null);
        Assert.Contains("no such API endpoint", await (await client.GetAsync("/api/v1/nothing-here")).ProblemDetailAsync(404), StringComparison.Ordinal);
    }

    [GeneratedRegex(@":[a-z]+\}")]
    private static partial Regex Constraint();

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
