using SftpJail.Core.Model;

namespace SftpJail.Core.Rendering.WebServer;

/// <summary>One Apache <c>&lt;VirtualHost&gt;</c> per site (plus a *:443 one when a certificate is given). Only typed values are written.</summary>
public static class ApacheVhostRenderer
{
    public static string Render(SiteSpec site, HostProfile host, WebServerProfile web, SiteCertificate? tls)
    {
        var text = new ConfigText().Line($"# Site {site.Domain.Value}");
        text.Block($"<VirtualHost {VhostAddress(web.Listen, web.Listen.HttpPort)}>", "</VirtualHost>", v => Body(v, site, host, web));

        if (tls is not null)
        {
            var httpsPort = VhostRenderer.RequireHttpsPort(web);
            text.Blank().Block($"<VirtualHost {VhostAddress(web.Listen, httpsPort)}>", "</VirtualHost>", v =>
            {
                Body(v, site, host, web);
                v.Blank();

                // Paths are AbsolutePath values: no quote, space or '$' can appear inside the quotes.
                v.Line("SSLEngine on");
                v.Line($"SSLCertificateFile \"{tls.CertFile.Value}\"");
                v.Line($"SSLCertificateKeyFile \"{tls.KeyFile.Value}\"");
            });
        }

        return text.ToString();
    }

    internal static string VhostAddress(WebListen listen, int port) => listen.IsAnyAddress ? $"*:{port}" : $"{listen.AddressText}:{port}";

    private static void Body(ConfigText v, SiteSpec site, HostProfile host, WebServerProfile web)
    {
        var domain = site.Domain;
        var root = host.UploadDirFor(domain).Value;
        v.Line($"ServerName {domain.Value}");
        v.Line($"ServerAlias www.{domain.Value}");
        v.Line($"DocumentRoot \"{root}\"");
        v.Line("DirectoryIndex index.html");
        v.Line($"ErrorLog \"{web.ErrorLogFor(domain).Value}\"");
        v.Line($"CustomLog \"{web.AccessLogFor(domain).Value}\" combined");
        v.Blank();
        v.Block($"<Directory \"{root}\">", "</Directory>", d =>
        {
            d.Line("Options -ExecCGI -Indexes -Includes +SymLinksIfOwnerMatch");
            d.Line("AllowOverride None");
            d.Line("Require all granted");
            d.Block("<FilesMatch \"^\\.\">", "</FilesMatch>", f => f.Line("Require all denied"));
        });
        v.Blank();

        // FilesMatch sees only the last path segment; a dot-directory (/.git/config) needs a URL match too.
        v.Block("<LocationMatch \"/\\.\">", "</LocationMatch>", l => l.Line("Require all denied"));
    }
}
