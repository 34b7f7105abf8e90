using SftpJail.Core.Model;

namespace SftpJail.Core.Rendering.WebServer;

/// <summary>One nginx <c>server</c> block per site (plus an HTTPS one when a certificate is given). Only typed values are written.</summary>
public static class NginxVhostRenderer
{
    public static string Render(SiteSpec site, HostProfile host, WebServerProfile web, SiteCertificate? tls)
    {
        var text = new ConfigText().Line($"# Site {site.Domain.Value}");
        text.Block("server {", "}", s =>
        {
            s.Line($"listen {ListenValue(web.Listen, web.Listen.HttpPort)};");
            Body(s, site, host, web);
        });

        if (tls is not null)
        {
            var httpsPort = VhostRenderer.RequireHttpsPort(web);
            text.Blank().Block("server {", "}", s =>
            {
                s.Line($"listen {ListenValue(web.Listen, httpsPort)} ssl;");
                s.Line($"ssl_certificate {tls.CertFile.Value};");
                s.Line($"ssl_certificate_key {tls.KeyFile.Value};");
                Body(s, site, host, web);
            });
        }

        return text.ToString();
    }

    internal static string ListenValue(WebListen listen, int port) =>
        listen.Address.Equals(System.Net.IPAddress.Any) ? port.ToString() : $"{listen.AddressText}:{port}";

    private static void Body(ConfigText s, SiteSpec site, HostProfile host, WebServerProfile web)
    {
        var domain = site.Domain;
        s.Line($"server_name {domain.Value} www.{domain.Value};");
        s.Line($"root {host.UploadDirFor(domain).Value};");
        s.Line("index index.html;");
        s.Line("autoindex off;");

        // Every html/ is readable by the web server's group, and a customer can create symlinks over SFTP: without this,
        // a link to another site's file would be served. Apache's equivalent is SymLinksIfOwnerMatch.
        s.Line("disable_symlinks if_not_owner from=$document_root;");
        s.Line($"access_log {web.AccessLogFor(domain).Value};");
        s.Line($"error_log {web.ErrorLogFor(domain).Value};");
        s.Blank();

        // Dotfiles and dot-directories (.htaccess, .git/, .env) are never served; nginx answers 403.
        s.Block(@"location ~ /\. {", "}", l => l.Line("deny all;"));
    }
}
