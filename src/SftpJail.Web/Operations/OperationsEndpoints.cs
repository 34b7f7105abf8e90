using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SftpJail.Data.ApiTokens;
using SftpJail.Data.Services;
using SftpJail.Web.Api;

namespace SftpJail.Web.Operations;

/// <summary>
/// <c>/healthz</c> (anonymous: status words only, never an address, a path or an error text) and <c>/metrics</c>
/// (Prometheus text; to loopback, or with a Staff or Admin API token: see <see cref="MetricsReaderRequirement"/>).
/// </summary>
public static class OperationsEndpoints
{
    public const string HealthPath = "/healthz";
    public const string MetricsPath = "/metrics";

    public const string MetricsDenied = "The metrics are served to this host's loopback, or with an API token of scope Staff or Admin (Authorization: Bearer sjt_...).";
    private const string PlainText = "text/plain; charset=utf-8";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(6);

    public static IServiceCollection AddHealthAndMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<PanelMetrics>();
        services.AddSingleton<IApplyObserver>(sp => sp.GetRequiredService<PanelMetrics>());
        services.AddSingleton<PrometheusExposition>();
        services.AddHostedService<MetricsStart>();
        services.AddSingleton<IAuthorizationHandler, LoopbackMetricsReader>();
        services.AddSingleton<IAuthorizationHandler, MetricsTokenReader>();
        services.AddScoped<HealthHostInfo>();
        services.AddHealthChecks()
            .AddCheck<PanelHealthCheck>("panel", timeout: CheckTimeout)
            .AddCheck<DatabaseHealthCheck>("database", timeout: CheckTimeout)
            .AddCheck<ExecutorHealthCheck>("executor", timeout: CheckTimeout)
            .AddCheck<SshdHealthCheck>("sshd", timeout: CheckTimeout)
            .AddCheck<WebServerHealthCheck>("webserver", timeout: CheckTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthAndMetrics(this IEndpointRouteBuilder endpoints)
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

        endpoints.MapGet(MetricsPath, async (HttpContext context, IAuthorizationService authorization, PrometheusExposition exposition, ApiTokenService tokens) =>
        {
            var access = await authorization.AuthorizeAsync(context.User, context, MetricsReaderRequirement.Instance);
            return access.Succeeded ? Results.Text(exposition.Write(), PrometheusExposition.ContentType) : await RefusalAsync(context, tokens);
        });
        return endpoints;
    }

    /// <summary>401 without a valid token (with the scheme's reason, never the token), 403 for a token of another scope.</summary>
    private static async Task<IResult> RefusalAsync(HttpContext context, ApiTokenService tokens)
    {
        var token = await MetricsTokenReader.TokenAsync(context);
        if (token?.Principal is { } principal && ApiClaims.KeyIdOf(principal) is { } keyId)
        {
            await tokens.DenyAsync(keyId, $"scope {string.Join(',', principal.FindAll(System.Security.Claims.ClaimTypes.Role).Select(r => r.Value))} may not read {MetricsPath}", ApiTokenAuthentication.From(context), CancellationToken.None);
            return Results.Text($"{MetricsDenied} A Customer token may not read them.\n", PlainText, statusCode: StatusCodes.Status403Forbidden);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        var reason = token?.Failure?.Message is { Length: > 0 } failure ? $" {failure}" : "";
        return Results.Text($"{MetricsDenied}{reason}\n", PlainText, statusCode: StatusCodes.Status401Unauthorized);
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
