using SftpJail.Core.Model;
using SftpJail.Core.Values;

namespace SftpJail.Core.Rendering.WebServer;

/// <summary>Picks the vhost renderer for the profile's web server.</summary>
public static class VhostRenderer
{
    public static string Render(SiteSpec site, HostProfile host, WebServerProfile web, SiteCertificate? tls) => web.Kind switch
    {
        WebServerKind.Nginx => NginxVhostRenderer.Render(site, host, web, tls),
        WebServerKind.Apache => ApacheVhostRenderer.Render(site, host, web, tls),
        _ => throw new InvalidOperationException("No web server is managed (WebServer:Kind is None)."),
    };

    internal static int RequireHttpsPort(WebServerProfile web) =>
        web.Listen.HttpsPort ?? throw new InputRejectedException("tls", "The site has a certificate but HTTPS is off in the web-server profile (WebServer:HttpsPort is 0).");
}
