using SftpJail.Core.Rendering.WebServer;
using static SftpJail.Core.Tests.WebServer.WebProfiles;

namespace SftpJail.Core.Tests.WebServer;

public sealed class MainConfigRendererTests
{
    [Fact]
    public void Dedicated_nginx_keeps_pid_logs_and_temp_files_in_its_own_root_and_404s_unknown_hosts()
    {
        var web = Web(Host("Debian"), "Nginx", o => (o.Mode, o.ConfigRoot, o.Port) = ("Dedicated", "/var/lib/sjdemo/nginx", 18080));

        var text = NginxMainConfigRenderer.Render(web);

        Assert.Equal(
            """
            # Managed by SftpJail — do not edit; changes are overwritten
            user www-data;
            worker_processes 1;
            pid /var/lib/sjdemo/nginx/run/nginx.pid;
            error_log /var/lib/sjdemo/nginx/logs/error.log;

            events {
                worker_connections 256;
            }

            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                sendfile on;
                server_tokens off;
                access_log /var/lib/sjdemo/nginx/logs/access.log;
                client_body_temp_path /var/lib/sjdemo/nginx/tmp/client_body;
                proxy_temp_path /var/lib/sjdemo/nginx/tmp/proxy;
                fastcgi_temp_path /var/lib/sjdemo/nginx/tmp/fastcgi;
                uwsgi_temp_path /var/lib/sjdemo/nginx/tmp/uwsgi;
                scgi_temp_path /var/lib/sjdemo/nginx/tmp/scgi;

                server {
                    listen 127.0.0.1:18080 default_server;
                    server_name _;
                    return 404;
                }

                include /var/lib/sjdemo/nginx/sites-enabled/*.conf;
            }

            """,
            text);
    }

    [Fact]
    public void Dedicated_apache_sets_everything_envvars_would_and_includes_enabled_sites()
    {
        var web = Web(Host("Debian"), "Apache", o => (o.Mode, o.ConfigRoot, o.Port, o.HttpsPort) = ("Dedicated", "/var/lib/sjdemo/apache", 18080, 0));

        var text = ApacheMainConfigRenderer.Render(web);

        Assert.Equal(
            """
            # Managed by SftpJail — do not edit; changes are overwritten
            ServerRoot "/var/lib/sjdemo/apache"
            DefaultRuntimeDir "/var/lib/sjdemo/apache/run"
            PidFile "/var/lib/sjdemo/apache/run/httpd.pid"
            ServerName localhost
            ServerTokens Prod
            Listen 127.0.0.1:18080

            <IfModule !mpm_event_module>
                LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
            </IfModule>
            <IfModule !authz_core_module>
                LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
            </IfModule>
            <IfModule !dir_module>
                LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
            </IfModule>
            <IfModule !mime_module>
                LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
            </IfModule>
            <IfModule !log_config_module>
                LoadModule log_config_module /usr/lib/apache2/modules/mod_log_config.so
            </IfModule>
            <IfModule !unixd_module>
                LoadModule unixd_module /usr/lib/apache2/modules/mod_unixd.so
            </IfModule>
            <IfModule !alias_module>
                LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
            </IfModule>

            User www-data
            Group www-data
            ErrorLog "/var/lib/sjdemo/apache/logs/error.log"
            LogLevel warn
            LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined
            TypesConfig "/etc/mime.types"
            DirectoryIndex index.html

            <Directory />
                AllowOverride None
                Require all denied
            </Directory>

            <VirtualHost 127.0.0.1:18080>
                ServerName default.invalid
                DocumentRoot "/var/lib/sjdemo/apache/default"
                RedirectMatch 404 .*
            </VirtualHost>

            IncludeOptional "/var/lib/sjdemo/apache/sites-enabled/*.conf"

            """,
            text);
    }

    [Fact]
    public void Dedicated_apache_with_https_loads_mod_ssl_and_listens_on_the_https_port()
    {
        var web = Web(Host("Rhel"), "Apache", o => (o.Mode, o.ConfigRoot) = ("Dedicated", "/var/lib/sjdemo/apache"));

        var text = ApacheMainConfigRenderer.Render(web);

        Assert.Contains("\nListen 127.0.0.1:8443 https\n", text);
        Assert.Contains("\n    LoadModule ssl_module /usr/lib64/httpd/modules/mod_ssl.so\n", text);
        Assert.Contains("\nSSLSessionCache \"shmcb:/var/lib/sjdemo/apache/run/ssl_scache(512000)\"\n", text);
        Assert.Contains("\nIncludeOptional \"/var/lib/sjdemo/apache/conf.d/*.conf\"\n", text);
        Assert.Contains("\nUser apache\nGroup apache\n", text);
    }

    [Fact]
    public void Main_configs_are_only_rendered_for_a_dedicated_instance_of_their_own_server()
    {
        var host = Host("Debian");

        Assert.Throws<InvalidOperationException>(() => NginxMainConfigRenderer.Render(Web(host, "Nginx")));
        Assert.Throws<InvalidOperationException>(() => ApacheMainConfigRenderer.Render(Web(host, "Nginx", o => o.Mode = "Dedicated")));
    }
}
