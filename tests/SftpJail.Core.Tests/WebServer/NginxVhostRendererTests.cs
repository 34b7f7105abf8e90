using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using static SftpJail.Core.Tests.WebServer.WebProfiles;

namespace SftpJail.Core.Tests.WebServer;

public sealed class NginxVhostRendererTests
{
    [Fact]
    public void Renders_a_Debian_site_into_sites_available_with_its_upload_dir_as_root()
    {
        var host = Host("Debian");
        var web = Web(host, "Nginx");
        var site = Site("Example.COM");

        var text = NginxVhostRenderer.Render(site, host, web, tls: null);

        Assert.Equal("/etc/nginx/sites-available/example.com.conf", web.VhostPathFor(site.Domain).Value);
        Assert.Equal("/etc/nginx/sites-enabled/example.com.conf", web.EnabledLinkFor(site.Domain)?.Value);
        Assert.Equal(
            """
            # Managed by SftpJail — do not edit; changes are overwritten
            # Site example.com
            server {
                listen 80;
                server_name example.com www.example.com;
                root /var/www/sub-domains/com.example/html;
                index index.html;
                autoindex off;
                disable_symlinks if_not_owner from=$document_root;
                access_log /var/log/nginx/example.com.access.log;
                error_log /var/log/nginx/example.com.error.log;

                location ~ /\. {
                    deny all;
                }
            }

            """,
            text);
    }

    [Fact]
    public void Renders_a_RHEL_site_into_conf_d_without_an_enable_link()
    {
        var host = Host("Rhel");
        var web = Web(host, "Nginx", o => o.ListenAddress = "192.0.2.10");
        var site = Site("shop.example.org");

        var text = NginxVhostRenderer.Render(site, host, web, tls: null);

        Assert.Equal("/etc/nginx/conf.d/shop.example.org.conf", web.VhostPathFor(site.Domain).Value);
        Assert.Null(web.EnabledLinkFor(site.Domain));
        Assert.Equal(
            """
            # Managed by SftpJail — do not edit; changes are overwritten
            # Site shop.example.org
            server {
                listen 192.0.2.10:80;
                server_name shop.example.org www.shop.example.org;
                root /var/www/sub-domains/org.example.shop/html;
                index index.html;
                autoindex off;
                disable_symlinks if_not_owner from=$document_root;
                access_log /var/log/nginx/shop.example.org.access.log;
                error_log /var/log/nginx/shop.example.org.error.log;

                location ~ /\. {
                    deny all;
                }
            }

            """,
            text);
    }

    [Fact]
    public void Adds_an_https_server_block_when_the_site_has_a_certificate()
    {
        var host = Host("Debian");
        var web = Web(host, "Nginx");

        var text = NginxVhostRenderer.Render(Site("example.com"), host, web, Certificate("example.com"));

        Assert.Equal(
            """
            # Managed by SftpJail — do not edit; changes are overwritten
            # Site example.com
            server {
                listen 80;
                server_name example.com www.example.com;
                root /var/www/sub-domains/com.example/html;
                index index.html;
                autoindex off;
                disable_symlinks if_not_owner from=$document_root;
                access_log /var/log/nginx/example.com.access.log;
                error_log /var/log/nginx/example.com.error.log;

                location ~ /\. {
                    deny all;
                }
            }

            server {
                listen 443 ssl;
                ssl_certificate /etc/ssl/certs/example.com.pem;
                ssl_certificate_key /etc/ssl/private/example.com.key;
                server_name example.com www.example.com;
                root /var/www/sub-domains/com.example/html;
                index index.html;
                autoindex off;
                disable_symlinks if_not_owner from=$document_root;
                access_log /var/log/nginx/example.com.access.log;
                error_log /var/log/nginx/example.com.error.log;

                location ~ /\. {
                    deny all;
                }
            }

            """,
            text);
    }

    [Fact]
    public void Writes_an_IPv6_listen_address_in_brackets()
    {
        var host = Host("Debian");
        var web = Web(host, "Nginx", o => o.ListenAddress = "2001:db8::5");

        var text = NginxVhostRenderer.Render(Site("example.com"), host, web, tls: null);

        Assert.Contains("\n    listen [2001:db8::5]:80;\n", text);
    }

    [Fact]
    public void Refuses_a_certificate_when_https_is_off()
    {
        var host = Host("Debian");
        var web = Web(host, "Nginx", o => o.HttpsPort = 0);

        var error = Assert.Throws<InputRejectedException>(() => NginxVhostRenderer.Render(Site("example.com"), host, web, Certificate("example.com")));

        Assert.Equal("tls", error.Field);
    }
}
