using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Web.Api;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Api;

/// <summary>
/// Endpoints that exist only in this test host, under /api/v1 beside the product's: one that throws, and two whose
/// parameters minimal APIs bind themselves (so binding failures come from the framework, not from ApiJson/ApiQuery).
/// Mapped on the application's own route builder once Program has built its pipeline, so they run inside it exactly
/// as the product's endpoints do.
/// </summary>
public sealed class TestOnlyApiEndpoints : IStartupFilter
{
    public const string ThrowsPath = "/api/v1/test-only/throws";
    public const string ThrowsAnonymousPath = "/api/v1/test-only/throws-anonymous";
    public const string CountPath = "/api/v1/test-only/count";
    public const string EchoPath = "/api/v1/test-only/echo";
    public const string SecretInTheException = "hunter2-in-an-exception-message";

    // Where UseRouting leaves the route builder it matches with: the WebApplication itself (EndpointRoutingApplicationBuilderExtensions).
    private const string RouteBuilderKey = "__EndpointRouteBuilder";

    public sealed record EchoBody(int Count);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        var routes = (app.Properties.TryGetValue(RouteBuilderKey, out var found) ? found : null) as IEndpointRouteBuilder
            ?? throw new InvalidOperationException("The host left no route builder to add the test-only endpoints to.");
        var group = routes.MapGroup("/api/v1/test-only").ExcludeFromDescription();
        group.MapGet("/throws", IResult () => throw new InvalidOperationException($"the database said {SecretInTheException}"))
            .RequireAuthorization(ApiPolicies.Customer);
        group.MapGet("/throws-anonymous", IResult () => throw new InvalidOperationException(SecretInTheException));
        group.MapGet("/count", ([FromQuery] int size) => TypedResults.Ok(size)).RequireAuthorization(ApiPolicies.Customer);
        group.MapPost("/echo", ([FromBody] EchoBody body) => TypedResults.Ok(body)).RequireAuthorization(ApiPolicies.Customer);
    };
}

/// <summary>The panel as deployed (Production: no developer exception page, bad requests answered not thrown), with <see cref="TestOnlyApiEndpoints"/>.</summary>
public sealed class ApiErrorsPanelFactory : PanelFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, TestOnlyApiEndpoints>());
    }
}
