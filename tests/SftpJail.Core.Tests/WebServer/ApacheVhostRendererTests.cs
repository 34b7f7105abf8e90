using SftpJail.Core.Rendering.WebServer;
using static SftpJail.Core.Tests.WebServer.WebProfiles;

namespace SftpJail.Core.Tests.WebServer;

public sealed class ApacheVhostRendererTests
{
    [Fact]
    public void Renders_a_Debian_site_like_a2ensite_expects()
    {
        var host = Host("Debian");
        var web = Web(host, "Apache");
        var site = Site("example.com");

        var text = ApacheVhostRenderer.Render(site, host, web, tls: null);

        Assert.Equal("/etc/apache2/sites-available/example.com.conf", web.VhostPathFor(site.Domain).Value);
        Assert.Equal("/etc/apache2/sites-enabled/example.com.conf", web.EnabledLinkFor(site.Domain)?.Value);
        Assert.Equal(
            """
            # Managed by SftpJail — do not edit; changes are overwritten
            # Site example.com
            <VirtualHost *:80>
                ServerName example.com
                ServerAlias www.example.com
                DocumentRoot "/var/www/sub-domains/com.example/html"
                DirectoryIndex index.html
                ErrorLog "/var/log/apache2/example.com.error.log"
                CustomLog "/var/log/apache2/example.com.access.log" combined

                <Directory "/var/www/sub-domains/com.example/html">
                    Options -ExecCGI -Indexes -Includes +SymLinksIfOwnerMatch
                    AllowOverride None
                    Require all granted
                    <FilesMatch "^\.">
                        Require all denied
                    </FilesMatch>
                </Directory>

                <LocationMatch "/\.">
                    Require all denied
                </LocationMatch>
            </VirtualHost>

            """,
            text);
    }

    [Fact]
    public void Renders_a_RHEL_site_into_httpd_conf_d_with_httpd_logs()
    {
        var host = Host("Rhel");
        var web = Web(host, "Apache");
        var site = Site("example.net");

        var text = ApacheVhostRenderer.Render(site, host, web, tls: null);

        Assert.Equal("/etc/httpd/conf.d/example.net.conf", web.VhostPathFor(site.Domain).Value);
        Assert.Null(web.EnabledLinkFor(site.Domain));
        Assert.Equal(
            """
            # Managed by SftpJail — do not edit; changes are overwritten
            # Site example.net
            <VirtualHost *:80>
                ServerName example.net
                ServerAlias www.example.net
                DocumentRoot "/var/www/sub-domains/net.example/html"
                DirectoryIndex index.html
                ErrorLog "/var/log/httpd/example.net.error.log"
                CustomLog "/var/log/httpd/example.net.access.log" combined

                <Directory "/var/www/sub-domains/net.example/html">
                    Options -ExecCGI -Indexes -Includes +SymLinksIfOwnerMatch
                    AllowOverride None
                    Require all granted
                    <FilesMatch "^\.">
                        Require all denied
                    </FilesMatch>
                </Directory>

                <LocationMatch "/\.">
                    Require all denied
                </LocationMatch>
            </VirtualHost>

            """,
            text);
    }

    [Fact]
    public void Adds_a_443_virtual_host_when_the_site_has_a_certificate()
    {
        var host = Host("Rhel");
        var web = Web(host, "Apache");

        var text = ApacheVhostRenderer.Render(Site("example.net"), host, web, Certificate("example.net"));

        Assert.Equal(
            """
            # Managed by SftpJail — do not edit; changes are overwritten
            # Site example.net
            <VirtualHost *:80>
                ServerName example.net
                ServerAlias www.example.net
                DocumentRoot "/var/www/sub-domains/net.example/html"
                DirectoryIndex index.html
                ErrorLog "/var/log/httpd/example.net.error.log"
                CustomLog "/var/log/httpd/example.net.access.log" combined

                <Directory "/var/www/sub-domains/net.example/html">
                    Options -ExecCGI -Indexes -Includes +SymLinksIfOwnerMatch
                    AllowOverride None
                    Require all granted
                    <FilesMatch "^\.">
                        Require all denied
                    </FilesMatch>
                </Directory>

                <LocationMatch "/\.">
                    Require all denied
                </LocationMatch>
            </VirtualHost>

            <VirtualHost *:443>
                ServerName example.net
                ServerAlias www.example.net
                DocumentRoot "/var/www/sub-domains/net.example/html"
                DirectoryIndex index.html
                ErrorLog "/var/log/httpd/example.net.error.log"
                CustomLog "/var/log/httpd/example.net.access.log" combined

                <Directory "/var/www/sub-domains/net.example/html">
                    Options -ExecCGI -Indexes -Includes +SymLinksIfOwnerMatch
                    AllowOverride None
                    Require all granted
                    <FilesMatch "^\.">
                        Require all denied
                    </FilesMatch>
                </Directory>

                <LocationMatch "/\.">
                    Require all denied
                </LocationMatch>

                SSLEngine on
                SSLCertificateFile "/etc/ssl/certs/example.net.pem"
                SSLCertificateKeyFile "/etc/ssl/private/example.net.key"
            </VirtualHost>

            """,
            text);
    }

    [Fact]
    public void Uses_the_configured_address_for_the_virtual_host()
    {
        var host = Host("Debian");
        var web = Web(host, "Apache", o => (o.ListenAddress, o.Port) = ("127.0.0.1", 8081));

        var text = ApacheVhostRenderer.Render(Site("example.com"), host, web, tls: null);

        Assert.Contains("\n<VirtualHost 127.0.0.1:8081>\n", text);
    }
}
