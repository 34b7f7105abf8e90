using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.ApiTokens;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Api;

/// <summary>Every API endpoint against every kind of caller: the scopes, no token, a revoked, expired or forged one, and the panel's cookie.</summary>
public sealed partial class ApiAuthorizationMatrixTests(UnlimitedPanelFactory panel) : IClassFixture<UnlimitedPanelFactory>
{
    /// <summary>Route pattern, the concrete call, its body and the least scope it needs. Allowed calls target nothing real or are harmless.</summary>
    private static readonly (string Method, string Pattern, string Path, object? Body, ApiTokenScope Least)[] Endpoints =
    [
        ("GET", "/api/v1/me", "/api/v1/me", null, ApiTokenScope.Customer),
        ("GET", "/api/v1/sites", "/api/v1/sites", null, ApiTokenScope.Customer),
        ("GET", "/api/v1/sites/{domain}", "/api/v1/sites/{own}", null, ApiTokenScope.Customer),
        ("POST", "/api/v1/sites", "/api/v1/sites", new { domain = "not a domain" }, ApiTokenScope.Staff),
        ("DELETE", "/api/v1/sites/{domain}", "/api/v1/sites/nosuch.example.org", null, ApiTokenScope.Staff),
        ("POST", "/api/v1/sites/{domain}/disable", "/api/v1/sites/nosuch.example.org/disable", null, ApiTokenScope.Staff),
        ("POST", "/api/v1/sites/{domain}/enable", "/api/v1/sites/nosuch.example.org/enable", null, ApiTokenScope.Staff),
        ("PUT", "/api/v1/sites/{domain}/disk-limit", "/api/v1/sites/nosuch.example.org/disk-limit", new { limit = "1G" }, ApiTokenScope.Staff),
        ("PUT", "/api/v1/sites/{domain}/customer", "/api/v1/sites/nosuch.example.org/customer", new { email = (string?)null }, ApiTokenScope.Staff),
        ("POST", "/api/v1/sites/{domain}/users", "/api/v1/sites/nosuch.example.org/users", new { userName = "nobody1" }, ApiTokenScope.Staff),
        ("PUT", "/api/v1/users/{name}/password", "/api/v1/users/nobody1/password", new { password = "Matrix-pass-0123456789" }, ApiTokenScope.Staff),
        ("POST", "/api/v1/users/{name}/keys", "/api/v1/users/nobody1/keys", new { key = ApiFixtures.LaptopKey }, ApiTokenScope.Staff),
        ("DELETE", "/api/v1/users/{name}/keys", "/api/v1/users/nobody1/keys?fingerprint=SHA256:none", null, ApiTokenScope.Staff),
        ("POST", "/api/v1/users/{name}/disable", "/api/v1/users/nobody1/disable", null, ApiTokenScope.Staff),
        ("POST", "/api/v1/users/{name}/enable", "/api/v1/users/nobody1/enable", null, ApiTokenScope.Staff),
        ("DELETE", "/api/v1/users/{name}", "/api/v1/users/nobody1", null, ApiTokenScope.Staff),
        ("POST", "/api/v1/users/{name}/password-link", "/api/v1/users/nobody1/password-link", null, ApiTokenScope.Staff),
        ("DELETE", "/api/v1/users/{name}/password-link", "/api/v1/users/nobody1/password-link", null, ApiTokenScope.Staff),
        ("POST", "/api/v1/import", "/api/v1/import?dryRun=true", "domain,user\n", ApiTokenScope.Staff),
        ("GET", "/api/v1/plan", "/api/v1/plan", null, ApiTokenScope.Admin),
        ("POST", "/api/v1/apply", "/api/v1/apply", null, ApiTokenScope.Admin),
        ("POST", "/api/v1/reconcile", "/api/v1/reconcile", null, ApiTokenScope.Admin),
        ("GET", "/api/v1/audit", "/api/v1/audit", null, ApiTokenScope.Admin),
        ("GET", "/api/v1/audit/verify", "/api/v1/audit/verify", null, ApiTokenScope.Admin),
        ("GET", "/api/v1/tokens", "/api/v1/tokens", null, ApiTokenScope.Admin),
        ("POST", "/api/v1/tokens", "/api/v1/tokens", new { name = "" }, ApiTokenScope.Admin),
        ("DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/999999", null, ApiTokenScope.Admin),
    ];

    [Fact]
    public void The_matrix_covers_every_api_endpoint()
    {
        var mapped = panel.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Order().ToList();
        Assert.Equal(mapped, Endpoints.Select(e => $"{e.Method} {e.Pattern}").Order().ToList());
    }

    [Fact]
    public async Task Each_scope_reaches_exactly_the_endpoints_of_its_role()
    {
        var customer = await panel.CreateCustomerAsync();
        var own = await panel.AddCustomerAsync(withLogin: false);
        await AttachAsync(own.Domain, customer);
        var tokens = new Dictionary<ApiTokenScope, string>
        {
            [ApiTokenScope.Customer] = await panel.CreateTokenAsync(customer, ApiTokenScope.Customer),
            [ApiTokenScope.Staff] = (await panel.AccountWithTokenAsync(ApiTokenScope.Staff)).Token,
            [ApiTokenScope.Admin] = (await panel.AccountWithTokenAsync(ApiTokenScope.Admin)).Token,
        };
        var failures = new List<string>();
        foreach (var (scope, token) in tokens)
        {
            using var client = panel.Api(token);
            foreach (var endpoint in Endpoints)
            {
                var response = await SendAsync(client, endpoint, own.Domain);
                var allowed = scope >= endpoint.Least;
                var status = (int)response.StatusCode;
                if (allowed ? status is 401 or 403 or 429 or >= 500 : status != 403)
                {
                    failures.Add($"{scope} {endpoint.Method} {endpoint.Path}: {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Without_a_valid_token_every_endpoint_answers_401_problem_details()
    {
        var own = await panel.AddCustomerAsync(withLogin: false);
        var revoked = (await panel.AccountWithTokenAsync(ApiTokenScope.Admin)).Token;
        await panel.RevokeAsync(revoked);
        var expired = (await panel.AccountWithTokenAsync(ApiTokenScope.Admin)).Token;
        await panel.ExpireAsync(expired);
        var forged = (await panel.AccountWithTokenAsync(ApiTokenScope.Admin)).Token[..^4] + "AAAA";
        var callers = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = panel.Api(null),
            ["revoked"] = panel.Api(revoked),
            ["expired"] = panel.Api(expired),
            ["forged secret"] = panel.Api(forged),
            ["not a token"] = panel.Api("hello"),
        };
        var failures = new List<string>();
        foreach (var (name, client) in callers)
        {
            foreach (var endpoint in Endpoints)
            {
                var response = await SendAsync(client, endpoint, own.Domain);
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                    || !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
                {
                    failures.Add($"{name} {endpoint.Method} {endpoint.Path}: {(int)response.StatusCode}");
                }
            }

            client.Dispose();
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task The_panel_cookie_of_an_admin_does_not_authenticate_the_api()
    {
        var own = await panel.AddCustomerAsync(withLogin: false);
        using var browser = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/sites")).StatusCode);
        var failures = new List<string>();
        foreach (var endpoint in Endpoints)
        {
            var response = await SendAsync(browser.Http, endpoint, own.Domain);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{endpoint.Method} {endpoint.Path}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/sites")).StatusCode);
    }

    private async Task AttachAsync(string domain, TestAccount customer)
    {
        using var staff = panel.Api((await panel.AccountWithTokenAsync(ApiTokenScope.Staff)).Token);
        var response = await staff.PutAsJsonAsync($"/api/v1/sites/{domain}/customer", new { email = customer.Email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, (string Method, string Pattern, string Path, object? Body, ApiTokenScope Least) endpoint, string own)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path.Replace("{own}", own, StringComparison.Ordinal));
        request.Content = endpoint.Body switch
        {
            null => null,
            string csv => new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"),
            var json => JsonContent.Create(json),
        };
        return client.SendAsync(request);
    }

    private static string Normalize(string pattern) => Constraint().Replace(pattern, "}").TrimEnd('/');

    [GeneratedRegex(@":[a-z]+\}")]
    private static partial Regex Constraint();
}
