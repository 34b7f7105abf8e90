using System.Net.Sockets;
using System.Text;

namespace SftpJail.Host.Tests.Install;

/// <summary>What systemd gives a Type=notify service: a datagram socket named by $NOTIFY_SOCKET, read here for READY=1.</summary>
public sealed class NotifySocket : IDisposable
{
    private readonly Socket socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public NotifySocket(string path)
    {
        Path = path;
        socket.Bind(new UnixDomainSocketEndPoint(path));
    }

    public string Path { get; }

    /// <summary>Every datagram received so far, in order.</summary>
    public List<string> Messages { get; } = [];

    /// <summary>Waits for a datagram with a READY=1 line; <paramref name="whenReady"/> runs the moment it arrives.</summary>
    public async Task<T> WaitForReadyAsync<T>(TimeSpan timeout, Func<T> whenReady)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        while (true)
        {
            int received;
            try
            {
                received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No READY=1 on {Path} within {timeout}; received: [{string.Join(" | ", Messages)}]");
            }

            var message = Encoding.UTF8.GetString(buffer, 0, received);
            Messages.Add(message);
            if (message.Split('\n').Contains("READY=1"))
            {
                return whenReady();
            }
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        File.Delete(Path);
    }
}
