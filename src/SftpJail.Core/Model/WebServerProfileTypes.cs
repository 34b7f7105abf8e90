using System.Net;
using SftpJail.Core.Values;

namespace SftpJail.Core.Model;

public enum WebServerKind
{
    /// <summary>SftpJail manages no web server (SFTP only).</summary>
    None,
    Nginx,
    Apache,
}

public enum WebServerLayout
{
    /// <summary>Debian/Ubuntu: the vhost lives in <c>sites-available/</c>; enabled means a symlink in <c>sites-enabled/</c> (as a2ensite makes).</summary>
    SitesAvailable,

    /// <summary>RHEL/Rocky: the vhost is <c>conf.d/&lt;domain&gt;.conf</c>; disabled means the file is absent.</summary>
    ConfD,
}

public enum WebServerMode
{
    /// <summary>Validate and reload the host's own nginx/apache service.</summary>
    System,

    /// <summary>SftpJail runs its own nginx/apache with its own config root, pid file and port (tests, the demo).</summary>
    Dedicated,
}

/// <summary>Where vhosts listen. <see cref="HttpsPort"/> is null when HTTPS is off.</summary>
public sealed record WebListen(IPAddress Address, int HttpPort, int? HttpsPort)
{
    public static WebListen Parse(string? address, int httpPort, int httpsPort)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            throw new InputRejectedException("WebServer:ListenAddress", $"'{address}' is not an IP address.");
        }

        if (httpPort is < 1 or > 65535)
        {
            throw new InputRejectedException("WebServer:Port", $"{httpPort} is not a TCP port (1-65535).");
        }

        if (httpsPort is < 0 or > 65535 || httpsPort == httpPort)
        {
            throw new InputRejectedException("WebServer:HttpsPort", $"{httpsPort} is not a TCP port (1-65535, 0 for no HTTPS) different from the HTTP port.");
        }

        return new WebListen(ip, httpPort, httpsPort == 0 ? null : httpsPort);
    }

    /// <summary>True for 0.0.0.0 and ::, which both servers write as "any address".</summary>
    public bool IsAnyAddress => Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any);

    /// <summary>"127.0.0.1" or "[::1]": an address as both nginx and Apache expect it before ":port".</summary>
    public string AddressText => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();
}

/// <summary>A host command as argv (never a shell string): the executor runs it through its process runner.</summary>
public sealed record WebServerCommand(AbsolutePath FileName, IReadOnlyList<string> Arguments)
{
    public override string ToString() => string.Join(' ', Arguments.Prepend(FileName.Value));
}
