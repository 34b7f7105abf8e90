using SftpJail.Core.Model;
using SftpJail.Core.Values;

namespace SftpJail.Core.Rendering.WebServer;

/// <summary>Picks the vhost renderer for the profile's web server.</summary>
public static class VhostRenderer
{
    /// <summary>The first line of every file SftpJail writes into a web-server config; the executor never replaces a file without it.</summary>
    public const string ManagedHeader = "# Managed by SftpJail — do not edit; changes are overwritten";

    public static string Render(SiteSpec site, HostProfile host, WebServerProfile web, SiteCertificate? tls) => web.Kind switch
    {
        WebServerKind.Nginx => NginxVhostRenderer.Render(site, host, web, tls),
        WebServerKind.Apache => ApacheVhostRenderer.Render(site, host, web, tls),
        _ => throw new InvalidOperationException("No web server is managed (WebServer:Kind is None)."),
    };

    internal static int RequireHttpsPort(WebServerProfile web) =>
        web.Listen.HttpsPort ?? throw new InputRejectedException("tls", "The site has a certificate but HTTPS is off in the web-server profile (WebServer:HttpsPort is 0).");
}
