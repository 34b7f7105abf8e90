namespace SftpJail.Web.Operations;

/// <summary>
/// Sets the metrics up when the panel starts, in StartAsync: after the bootstrapper's has migrated the database (every
/// hosted service is constructed before any starts), so the panel's own counters count from the start of the process,
/// not from the first scrape. The SFTP login counters need nothing: they are totals kept in the database.
/// </summary>
public sealed class MetricsStart(PanelMetrics metrics, PrometheusExposition exposition) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The listener listens from now on (a counter's measurements before it started would be lost); the instruments
        // exist once the metrics are made.
        _ = exposition;
        _ = metrics;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
