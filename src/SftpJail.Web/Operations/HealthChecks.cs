using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SftpJail.Core.Contract;
using SftpJail.Data;

namespace SftpJail.Web.Operations;

/// <summary>
/// The executor's answer about the host, asked once per health run (the checks of one run share a scope) and shared by
/// the checks that need the daemons' addresses. Null when the executor could not be reached or failed.
/// </summary>
public sealed class HealthHostInfo(IExecutorGateway executor)
{
    private Task<HostInfo?>? info;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>One question per run with its own time limit, so one check's cancellation does not fail the others.</summary>
    public Task<HostInfo?> GetAsync(CancellationToken cancellationToken) => info ??= AskAsync();

    private async Task<HostInfo?> AskAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await executor.GetHostInfoAsync(timeout.Token);
        }
        catch (Exception)
        {
            // Any failure is "unreachable" here; its text may name paths, so it stays out of the health report.
            return null;
        }
    }
}

/// <summary>The panel answers requests (a request that reaches this check proves it).</summary>
public sealed class PanelHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy());
}

/// <summary>The database opens and its schema answers a query.</summary>
public sealed class DatabaseHealthCheck(SftpJailDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = await db.AuditEntries.AsNoTracking().AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy();
        }
    }
}

/// <summary>The executor answers on its socket.</summary>
public sealed class ExecutorHealthCheck(HealthHostInfo host) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await host.GetAsync(cancellationToken) is null ? HealthCheckResult.Unhealthy() : HealthCheckResult.Healthy();
}

/// <summary>The sshd that serves the jailed accounts sends its banner on its port (unknown, so unhealthy, without the executor).</summary>
public sealed class SshdHealthCheck(HealthHostInfo host) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await host.GetAsync(cancellationToken) is { } info
        && await DaemonProbe.SshAsync(info.ListenAddress, info.Port, Timeout.InfiniteTimeSpan, cancellationToken) == DaemonAnswer.Expected
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy();
}

/// <summary>The web server whose vhosts the executor manages answers HTTP; healthy when it manages none.</summary>
public sealed class WebServerHealthCheck(HealthHostInfo host) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await host.GetAsync(cancellationToken) is not { } info)
        {
            return HealthCheckResult.Unhealthy();
        }

        if (info.WebServer is not { } web)
        {
            return HealthCheckResult.Healthy("not managed");
        }

        return await DaemonProbe.HttpAsync(web.ListenAddress, web.HttpPort, "sftpjail-healthz", Timeout.InfiniteTimeSpan, cancellationToken) == DaemonAnswer.Expected
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy();
    }
}
