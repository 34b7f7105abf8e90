using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SftpJail.Web.Tests.Operations;

/// <summary>A loopback TCP port that greets every connection with a fixed reply (an SSH banner, an HTTP status line), for the health checks.</summary>
public sealed class BannerServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();

    public BannerServer(string reply)
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = ServeAsync(Encoding.ASCII.GetBytes(reply));
    }

    public int Port { get; }

    private int disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }

    private async Task ServeAsync(byte[] reply)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await client.GetStream().WriteAsync(reply);
                        using var linger = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                        _ = await client.GetStream().ReadAsync(new byte[512], linger.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
                    {
                    }
                }
            });
        }
    }
}
