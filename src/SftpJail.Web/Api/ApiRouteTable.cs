using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace SftpJail.Web.Api;

/// <summary>
/// The methods the API's own endpoints answer on a path, for a 405 and its Allow header. Routing's own 405 also counts
/// the panel's GET/HEAD endpoints that match any path, so it would name methods no API endpoint has.
/// </summary>
public sealed class ApiRouteTable(EndpointDataSource endpoints, IInlineConstraintResolver constraints)
{
    private IReadOnlyList<Route>? routes;

    /// <summary>The methods of every API endpoint whose route (constraints included) matches the path; empty: none does.</summary>
    public IReadOnlyList<string> MethodsFor(HttpContext context)
    {
        routes ??= Load();
        var path = context.Request.Path;
        return routes.Where(route => route.Matches(path, context, constraints))
            .SelectMany(route => route.Methods).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
    }

    private List<Route> Load() => endpoints.Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) == true
            && e.Metadata.GetMetadata<HttpMethodMetadata>() is { HttpMethods.Count: > 0 })
        .Select(e => new Route(e.RoutePattern, new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary(e.RoutePattern.Defaults)), e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods))
        .ToList();

    private sealed record Route(RoutePattern Pattern, TemplateMatcher Matcher, IReadOnlyList<string> Methods)
    {
        public bool Matches(PathString path, HttpContext context, IInlineConstraintResolver resolver)
        {
            var values = new RouteValueDictionary();
            if (!Matcher.TryMatch(path, values))
            {
                return false;
            }

            return Pattern.Parameters.All(parameter => parameter.ParameterPolicies
                .Where(policy => policy.Content is not null)
                .Select(policy => resolver.ResolveConstraint(policy.Content!))
                .All(constraint => constraint is null || constraint.Match(context, null, parameter.Name, values, RouteDirection.IncomingRequest)));
        }
    }
}
