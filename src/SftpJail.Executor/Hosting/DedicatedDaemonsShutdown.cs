using Microsoft.Extensions.Hosting;
using SftpJail.Core.Contract;

namespace SftpJail.Executor.Hosting;

/// <summary>
/// Registered before the socket server so that it stops after it (hosted services stop in reverse order): by then no
/// request is in flight, and the dedicated web server and sshd go down with the daemon instead of outliving it.
/// </summary>
internal sealed class DedicatedDaemonsShutdown(IExecutorGateway gateway) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        gateway is ExecutorEngine engine ? engine.StopDedicatedDaemonsAsync(cancellationToken) : Task.CompletedTask;
}
