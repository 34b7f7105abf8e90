using SftpJail.Core.Model;

namespace SftpJail.Core.Rendering.WebServer;

/// <summary>
/// The main config of a dedicated Apache. It sets every value Debian's /etc/apache2/envvars would (run user, pid file,
/// runtime dir, logs) so the bare <c>apache2</c>/<c>httpd</c> binary runs it without apache2ctl or APACHE_* variables.
/// </summary>
public static class ApacheMainConfigRenderer
{
    // mod_log_config and mod_unixd are compiled in on Debian but loadable on RHEL: each load is guarded by IfModule.
    private static readonly (string Name, string File)[] Modules =
    [
        ("mpm_event_module", "mod_mpm_event.so"),
        ("authz_core_module", "mod_authz_core.so"),
        ("dir_module", "mod_dir.so"),
        ("mime_module", "mod_mime.so"),
        ("log_config_module", "mod_log_config.so"),
        ("unixd_module", "mod_unixd.so"),
        ("alias_module", "mod_alias.so"),
    ];

    private static readonly (string Name, string File)[] TlsModules =
    [
        ("socache_shmcb_module", "mod_socache_shmcb.so"),
        ("ssl_module", "mod_ssl.so"),
    ];

    public static string Render(WebServerProfile web)
    {
        if (web.Kind != WebServerKind.Apache || web.Mode != WebServerMode.Dedicated)
        {
            throw new InvalidOperationException("The Apache main config is rendered only for a dedicated Apache.");
        }

        var listen = web.Listen;
        var text = new ConfigText()
            .Line($"ServerRoot \"{web.ConfigRoot.Value}\"")
            .Line($"DefaultRuntimeDir \"{web.RuntimeDir.Value}\"")
            .Line($"PidFile \"{web.PidFile.Value}\"")
            .Line("ServerName localhost")
            .Line("ServerTokens Prod")
            .Line($"Listen {listen.AddressText}:{listen.HttpPort}");
        if (listen.HttpsPort is { } httpsPort)
        {
            text.Line($"Listen {listen.AddressText}:{httpsPort} https");
        }

        text.Blank();
        foreach (var (name, file) in listen.HttpsPort is null ? Modules : [.. Modules, .. TlsModules])
        {
            text.Block($"<IfModule !{name}>", "</IfModule>", m => m.Line($"LoadModule {name} {web.ModulesDir.Combine(file).Value}"));
        }

        text.Blank()
            .Line($"User {web.RunAs.Value}")
            .Line($"Group {web.RunAs.Value}")
            .Line($"ErrorLog \"{web.MainErrorLog.Value}\"")
            .Line("LogLevel warn")
            .Line("LogFormat \"%h %l %u %t \\\"%r\\\" %>s %O \\\"%{Referer}i\\\" \\\"%{User-Agent}i\\\"\" combined")
            .Line($"TypesConfig \"{web.MimeTypesPath.Value}\"")
            .Line("DirectoryIndex index.html");
        if (listen.HttpsPort is not null)
        {
            text.Line($"SSLSessionCache \"shmcb:{web.RuntimeDir.Combine("ssl_scache").Value}(512000)\"");
        }

        text.Blank()
            .Block("<Directory />", "</Directory>", d => d.Line("AllowOverride None").Line("Require all denied"))
            .Blank();

        // The first vhost for an address is Apache's default: unknown hosts get 404, never some customer's site.
        text.Block($"<VirtualHost {ApacheVhostRenderer.VhostAddress(listen, listen.HttpPort)}>", "</VirtualHost>", v => v
            .Line("ServerName default.invalid")
            .Line($"DocumentRoot \"{web.DefaultRoot.Value}\"")
            .Line("RedirectMatch 404 .*"));
        text.Blank().Line($"IncludeOptional \"{web.IncludedDir.Value}/*.conf\"");
        return text.ToString();
    }
}
