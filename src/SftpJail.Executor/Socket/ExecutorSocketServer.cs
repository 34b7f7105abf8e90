using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Executor.Socket;

/// <summary>
/// Serves <see cref="IExecutorGateway"/> on a Unix domain socket: one request per connection, connections handled
/// concurrently, applies one at a time. Only the panel's uid (and root, unless disabled) is served.
/// </summary>
public sealed partial class ExecutorSocketServer : IHostedService, IAsyncDisposable
{
    private const int Backlog = 64;

    private readonly IExecutorGateway gateway;
    private readonly ExecutorSocketOptions options;
    private readonly ILogger<ExecutorSocketServer> logger;
    private readonly SemaphoreSlim applyGate = new(1, 1);
    private readonly CancellationTokenSource stopAccepting = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<long, Task> connections = new();
    private readonly BoundedRequestReader requests;
    private System.Net.Sockets.Socket? listener;
    private Task? acceptLoop;
    private long nextConnectionId;
    private bool started;

    public ExecutorSocketServer(IExecutorGateway gateway, IOptions<ExecutorSocketOptions> options, ILogger<ExecutorSocketServer> logger)
    {
        this.gateway = gateway;
        this.options = options.Value;
        this.logger = logger;
        requests = new BoundedRequestReader(this.options.MaxRequestBytes, new RequestMemoryBudget(this.options.RequestMemoryBytes ?? 2L * this.options.MaxRequestBytes));
    }

    /// <summary>Resolved from the options at start.</summary>
    public PanelIdentity? Panel { get; private set; }

    public string SocketPath => options.SocketPath;

    /// <summary>
    /// How long a peer may take to send its request line: an idle or stalled peer must not hold one of the
    /// <see cref="ExecutorSocketOptions.MaxConnections"/> slots (or request memory) for long.
    /// </summary>
    internal TimeSpan RequestReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections being served now.</summary>
    internal int OpenConnections => connections.Count;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (started)
        {
            throw new InvalidOperationException("An executor socket server starts once.");
        }

        started = true;

        Panel = PanelIdentity.Resolve(options);
        listener = SocketFile.Bind(options.SocketPath, Panel, Backlog, logger);
        logger.LogInformation(
            "Executor listening on {SocketPath} for uid {PanelUid}{Root} (socket group {PanelGid}).",
            options.SocketPath,
            Panel.Uid,
            options.AllowRoot ? " and root" : string.Empty,
            Panel.Gid);
        acceptLoop = Task.Run(() => AcceptLoopAsync(listener, stopAccepting.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, lets requests in flight finish until <paramref name="cancellationToken"/> fires, then cancels them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var socket = Interlocked.Exchange(ref listener, null);
        if (socket is null)
        {
            return;
        }

        // Cancel the pending accept before closing the socket under it.
        await stopAccepting.CancelAsync();
        await (acceptLoop ?? Task.CompletedTask);
        socket.Dispose();
        SocketFile.Remove(options.SocketPath);
        try
        {
            await Task.WhenAll(connections.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutting down with {Count} request(s) still running; cancelling them.", connections.Count);
        }
        finally
        {
            await stopping.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true));
        stopping.Dispose();
        stopAccepting.Dispose();
        applyGate.Dispose();
    }

    private async Task AcceptLoopAsync(System.Net.Sockets.Socket socket, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            System.Net.Sockets.Socket connection;
            try
            {
                connection = await socket.AcceptAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException
                || ex is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted or SocketError.Shutdown })
            {
                return;
            }
            catch (SocketException ex)
            {
                // EMFILE and the like: keep serving once descriptors free up.
                logger.LogError(ex, "Accepting a connection failed.");
                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                continue;
            }

            if (connections.Count >= options.MaxConnections)
            {
                _ = RefuseBusyAsync(connection);
                continue;
            }

            var id = Interlocked.Increment(ref nextConnectionId);
            var task = Task.Run(() => ServeAsync(connection, stopping.Token), CancellationToken.None);
            connections[id] = task;
            _ = task.ContinueWith(_ => connections.TryRemove(id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Over the cap: one short answer, nothing read, and the descriptor closed at once.</summary>
    private async Task RefuseBusyAsync(System.Net.Sockets.Socket connection)
    {
        using var _ = connection;
        try
        {
            using var write = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await using var stream = new NetworkStream(connection, ownsSocket: false);
            await ExecutorFraming.WriteResponseAsync(stream, ExecutorResponse.Failure(TooManyConnections), 1024, write.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        logger.LogWarning("Refused a connection: {Count} already open (Executor:MaxConnections).", options.MaxConnections);
    }

    internal const string TooManyConnections = "The executor is serving too many connections; try again.";
}
