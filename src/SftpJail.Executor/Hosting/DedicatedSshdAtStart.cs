using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Executor.Sshd;

namespace SftpJail.Executor.Hosting;

/// <summary>
/// After the interrupted-apply recovery and before the socket takes requests: the dedicated sshd is started with the
/// executor (<see cref="ExecutorEngine.StartDedicatedSshdAsync"/>). A failure is logged, not fatal: the panel and the
/// next apply still work, and /healthz shows sshd red until it runs.
/// </summary>
internal sealed class DedicatedSshdAtStart(IExecutorGateway gateway, ILogger<DedicatedSshdAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (gateway is not ExecutorEngine engine)
        {
            return;
        }

        try
        {
            if (await engine.StartDedicatedSshdAsync(cancellationToken) is { } done)
            {
                logger.LogInformation("At start: {Done}", done);
            }
        }
        catch (Exception ex) when (ex is SshdUnavailableException or IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException or System.Text.Json.JsonException)
        {
            logger.LogError("The dedicated sshd did not start with the executor: {Reason}", ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
