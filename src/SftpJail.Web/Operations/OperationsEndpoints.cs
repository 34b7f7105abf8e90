using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SftpJail.Data.Services;

namespace SftpJail.Web.Operations;

/// <summary>
/// <c>/healthz</c> (anonymous: status words only, never an address, a path or an error text) and <c>/metrics</c>
/// (Prometheus text; loopback by default, see <see cref="MetricsReaderRequirement"/>).
/// </summary>
public static class OperationsEndpoints
{
    public const string HealthPath = "/healthz";
    public const string MetricsPath = "/metrics";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(6);

    public static IServiceCollection AddPanelOperations(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<PanelMetrics>();
        services.AddSingleton<IApplyObserver>(sp => sp.GetRequiredService<PanelMetrics>());
        services.AddSingleton<PrometheusExposition>();
        services.AddSingleton<IAuthorizationHandler, LoopbackMetricsReader>();
        services.AddScoped<HealthHostInfo>();
        services.AddHealthChecks()
            .AddCheck<PanelHealthCheck>("panel", timeout: CheckTimeout)
            .AddCheck<DatabaseHealthCheck>("database", timeout: CheckTimeout)
            .AddCheck<ExecutorHealthCheck>("executor", timeout: CheckTimeout)
            .AddCheck<SshdHealthCheck>("sshd", timeout: CheckTimeout)
            .AddCheck<WebServerHealthCheck>("webserver", timeout: CheckTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapPanelOperations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(HealthPath, new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteHealthAsync,
        });

        endpoints.MapGet(MetricsPath, async (HttpContext context, IAuthorizationService authorization, PrometheusExposition exposition) =>
        {
            var access = await authorization.AuthorizeAsync(context.User, context, MetricsReaderRequirement.Instance);
            return access.Succeeded
                ? Results.Text(exposition.Write(), PrometheusExposition.ContentType)
                : Results.Text("The metrics are served to this host's loopback only.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
        });
        return endpoints;
    }

    /// <summary><c>{"status":"Healthy","checks":{"panel":"Healthy",...}}</c>: status words and nothing else.</summary>
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
