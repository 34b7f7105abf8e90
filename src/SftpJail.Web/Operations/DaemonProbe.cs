using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SftpJail.Web.Operations;

/// <summary>
/// Whether a daemon answers on its port: connect, optionally send a request, and read the first bytes of the reply.
/// A listen-on-everything address is probed on loopback, where the panel's own host reaches it.
/// </summary>
public static class DaemonProbe
{
    private const int MaxReply = 256;

    /// <summary>True when the reply starts with <paramref name="expected"/> (an SSH banner "SSH-", an HTTP status line "HTTP/").</summary>
    public static async Task<bool> AnswersAsync(string listenAddress, int port, string? request, string expected, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient(AddressFamilyOf(listenAddress));
            await client.ConnectAsync(ProbeAddress(listenAddress), port, cancellationToken);
            var stream = client.GetStream();
            if (request is not null)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
            }

            var buffer = new byte[MaxReply];
            var read = 0;
            while (read < expected.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith(expected, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }

    public static IPAddress ProbeAddress(string listenAddress) => IPAddress.TryParse(listenAddress.Trim('[', ']'), out var address)
        ? address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address
        : IPAddress.Loopback;

    private static AddressFamily AddressFamilyOf(string listenAddress) => ProbeAddress(listenAddress).AddressFamily;
}
