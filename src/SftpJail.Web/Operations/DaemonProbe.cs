using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SftpJail.Web.Operations;

/// <summary>What a daemon's port did when probed.</summary>
public enum DaemonAnswer
{
    /// <summary>The reply started as expected (an SSH banner, an HTTP status line).</summary>
    Expected,

    /// <summary>Something answered, but not the protocol expected.</summary>
    Other,

    /// <summary>The connection was accepted and closed without a reply.</summary>
    Closed,

    /// <summary>Nothing listens on the port (connection refused).</summary>
    Refused,

    /// <summary>No connection or no reply within the time limit.</summary>
    TimedOut,

    /// <summary>Another network error (no route, address not available…).</summary>
    Unreachable,
}

/// <summary>
/// Whether a daemon answers on its port: connect, optionally send a request, and read the first bytes of the reply.
/// A listen-on-everything address is probed on loopback, where the panel's own host reaches it.
/// </summary>
public static class DaemonProbe
{
    private const int MaxReply = 256;

    /// <summary>sshd: its banner starts "SSH-" before the client says anything.</summary>
    public static Task<DaemonAnswer> SshAsync(string listenAddress, int port, TimeSpan timeout, CancellationToken cancellationToken) =>
        ProbeAsync(listenAddress, port, request: null, "SSH-", timeout, cancellationToken);

    /// <summary>A web server: any status line to a HEAD will do (the default vhost may well answer 404), it speaks HTTP.</summary>
    public static Task<DaemonAnswer> HttpAsync(string listenAddress, int port, string userAgent, TimeSpan timeout, CancellationToken cancellationToken) =>
        ProbeAsync(listenAddress, port, $"HEAD / HTTP/1.0\r\nHost: localhost\r\nUser-Agent: {userAgent}\r\n\r\n", "HTTP/", timeout, cancellationToken);

    /// <summary>
    /// What the port answered within <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: only the caller's
    /// token limits it). The caller's own cancellation still throws.
    /// </summary>
    public static async Task<DaemonAnswer> ProbeAsync(string listenAddress, int port, string? request, string expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient(AddressFamilyOf(listenAddress));
            await client.ConnectAsync(ProbeAddress(listenAddress), port, limit.Token);
            var stream = client.GetStream();
            if (request is not null)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(request), limit.Token);
            }

            var buffer = new byte[MaxReply];
            var read = 0;
            while (read < expected.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), limit.Token);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read == 0 ? DaemonAnswer.Closed
                : Encoding.ASCII.GetString(buffer, 0, read).StartsWith(expected, StringComparison.Ordinal) ? DaemonAnswer.Expected
                : DaemonAnswer.Other;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DaemonAnswer.TimedOut;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => DaemonAnswer.Refused,
                SocketError.TimedOut => DaemonAnswer.TimedOut,
                SocketError.ConnectionReset => DaemonAnswer.Closed,
                _ => DaemonAnswer.Unreachable,
            };
        }
        catch (IOException e)
        {
            return e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? DaemonAnswer.Refused : DaemonAnswer.Closed;
        }
    }

    public static IPAddress ProbeAddress(string listenAddress) => IPAddress.TryParse(listenAddress.Trim('[', ']'), out var address)
        ? address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address
        : IPAddress.Loopback;

    private static AddressFamily AddressFamilyOf(string listenAddress) => ProbeAddress(listenAddress).AddressFamily;
}
