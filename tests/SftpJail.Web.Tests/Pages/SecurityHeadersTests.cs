using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Every answer — page, redirect, error, static file, download — carries the browser-side protections.</summary>
public sealed class SecurityHeadersTests(AccessMatrixTests.World world) : IClassFixture<AccessMatrixTests.World>
{
    private static readonly string[] ExtraPaths = ["/app.css", "/favicon.png", "/lib/bootstrap/dist/css/bootstrap.min.css", "/status/404", "/Error", "/Account/Lockout", "/Account/AccessDenied"];

    [Fact]
    public async Task Every_route_sends_CSP_nosniff_referrer_policy_and_frame_denial_to_every_role()
    {
        var paths = AccessMatrixTests.Matrix().Select(row => (string)row[0]).Distinct().Concat(ExtraPaths).ToList();
        var problems = new List<string>();
        foreach (var role in new[] { "anonymous", "customer", "staff", "admin" })
        {
            foreach (var path in paths)
            {
                using var response = await world.ClientFor(role).GetAsync(world.Resolve(path));
                problems.AddRange(Check(response).Select(p => $"{role} GET {path} ({(int)response.StatusCode}): {p}"));
            }
        }

        // A refused post (no antiforgery token) too.
        using var refused = await world.ClientFor("staff").Http.PostAsync("/Account/Manage", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "change-password" }));
        problems.AddRange(Check(refused).Select(p => $"POST /Account/Manage ({(int)refused.StatusCode}): {p}"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<string> Check(HttpResponseMessage response)
    {
        var csp = Header(response, "Content-Security-Policy");
        if (csp is null)
        {
            yield return "no Content-Security-Policy";
        }
        else
        {
            var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var required in new[] { "default-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'", "base-uri 'self'" })
            {
                if (!directives.Contains(required))
                {
                    yield return $"CSP lacks {required}: {csp}";
                }
            }

            // Inline styles are allowed (MudBlazor's theme and component sizes); inline script and eval never are.
            var scripts = directives.FirstOrDefault(d => d.StartsWith("script-src ", StringComparison.Ordinal));
            if (scripts != "script-src 'self'" || csp.Contains("unsafe-eval", StringComparison.Ordinal))
            {
                yield return $"CSP allows inline script or eval: {csp}";
            }
        }

        if (!string.Equals(Header(response, "X-Content-Type-Options"), "nosniff", StringComparison.OrdinalIgnoreCase))
        {
            yield return "no X-Content-Type-Options: nosniff";
        }

        if (Header(response, "Referrer-Policy") is not ("no-referrer" or "same-origin"))
        {
            yield return $"Referrer-Policy is {Header(response, "Referrer-Policy") ?? "missing"}";
        }

        if (!string.Equals(Header(response, "X-Frame-Options"), "DENY", StringComparison.OrdinalIgnoreCase))
        {
            yield return "no X-Frame-Options: DENY";
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;
}
