namespace SftpJail.Web.Operations;

/// <summary>
/// Sets the metrics up when the panel starts, in StartAsync: after the bootstrapper's has migrated the database (every
/// hosted service is constructed before any starts), so counters count from the start of the process, not from the
/// first scrape.
/// </summary>
public sealed class MetricsStart(PanelMetrics metrics, PrometheusExposition exposition) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The listener listens from now on (a counter's measurements before it started would be lost), and the SFTP
        // login counters start from what the database holds now.
        _ = exposition;
        metrics.Sftp.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
