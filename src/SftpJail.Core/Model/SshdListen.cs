using System.Net;

namespace SftpJail.Core.Model;

/// <summary>Where sshd accepts connections; for system mode this is what customers are told, for dedicated mode also what the executor binds.</summary>
public sealed record SshdListen(IPAddress Address, int Port)
{
    public static SshdListen Parse(string? address, int port)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            throw new Values.InputRejectedException("listen address", $"'{address}' is not an IP address.");
        }

        if (port is < 1 or > 65535)
        {
            throw new Values.InputRejectedException("port", $"{port} is not a TCP port (1-65535).");
        }

        return new SshdListen(ip, port);
    }
}
