using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;

namespace SftpJail.Executor.Apply;

/// <summary>
/// At executor start, before the socket takes requests: an apply the previous process did not finish (killed, crashed,
/// disk full) has what it created adopted into the manifest. A failure here is logged, not fatal: the next apply
/// tries again, and reconcile reports the interrupted apply meanwhile.
/// </summary>
internal sealed class InterruptedApplyRecovery(IExecutorGateway gateway, ILogger<InterruptedApplyRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (gateway is not ExecutorEngine engine)
        {
            return;
        }

        try
        {
            var adopted = await engine.FinishInterruptedApplyAsync(cancellationToken);
            foreach (var step in adopted)
            {
                logger.LogWarning("Interrupted apply: {Step}", step.ToString());
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            logger.LogError(ex, "Could not finish the interrupted apply at start; the next apply tries again");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
