using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SftpJail.Core.Contract.Socket;
using SftpJail.Executor.Socket;

namespace SftpJail.Executor.Tests.Socket;

/// <summary>
/// A real executor socket server over a fake engine, in a fresh directory under /tmp that is removed on dispose.
/// The directory is 0711 so a test can connect as another uid.
/// </summary>
internal sealed class SocketTestServer : IAsyncDisposable
{
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    private SocketTestServer(string root, ExecutorSocketServer server, FakeExecutorGateway gateway, ExecutorSocketOptions options)
    {
        Root = root;
        Server = server;
        Gateway = gateway;
        Options = options;
    }

    public string Root { get; }

    public ExecutorSocketServer Server { get; }

    public FakeExecutorGateway Gateway { get; }

    public ExecutorSocketOptions Options { get; }

    public string SocketPath => Options.SocketPath;

    public static string CreateRoot()
    {
        var root = Directory.CreateTempSubdirectory("sftpjail-socket-").FullName;
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return root;
    }

    public static async Task<SocketTestServer> StartAsync(
        Action<ExecutorSocketOptions>? configure = null,
        FakeExecutorGateway? gateway = null,
        string? root = null)
    {
        var ownsRoot = root is null;
        root ??= CreateRoot();
        var options = new ExecutorSocketOptions
        {
            SocketPath = Path.Combine(root, "run", "executor.sock"),
            PanelUid = 0,
            PanelGid = 0,
        };
        configure?.Invoke(options);
        gateway ??= new FakeExecutorGateway();
        var server = new ExecutorSocketServer(gateway, Microsoft.Extensions.Options.Options.Create(options), NullLogger<ExecutorSocketServer>.Instance);
        try
        {
            await server.StartAsync(CancellationToken.None);
        }
        catch
        {
            await server.DisposeAsync();
            if (ownsRoot)
            {
                Directory.Delete(root, recursive: true);
            }

            throw;
        }

        return new SocketTestServer(root, server, gateway, options);
    }

    public ExecutorSocketClient CreateClient(TimeSpan? timeout = null) => new(SocketPath, timeout ?? TestTimeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            Gateway.ApplyGate?.TrySetResult();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Server.StopAsync(stop.Token);
            await Server.DisposeAsync();
        }
        finally
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
