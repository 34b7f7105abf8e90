namespace SftpJail.Core.Contract;

/// <summary>The web server the executor manages vhosts for, as a customer's address depends on it.</summary>
/// <param name="Kind">"Nginx" or "Apache".</param>
/// <param name="Mode">"System" (the host's own service) or "Dedicated" (SftpJail's own instance on its own port).</param>
/// <param name="HttpsPort">Null when HTTPS is off.</param>
public sealed record WebServerInfo(string Kind, string Mode, string ListenAddress, int HttpPort, int? HttpsPort)
{
    /// <summary>The address a site is served at over HTTP: the port is left out only when it is 80.</summary>
    public string SiteUrl(string domain) => HttpPort == 80 ? $"http://{domain}/" : $"http://{domain}:{HttpPort}/";
}
