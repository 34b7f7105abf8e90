using SftpJail.Core.Values;

namespace SftpJail.Core.Model;

/// <summary>Everything the vhost renderers and the executor need to know about the web server, already validated.</summary>
public sealed partial record WebServerProfile
{
    public required WebServerKind Kind { get; init; }

    public required WebServerLayout Layout { get; init; }

    public required WebServerMode Mode { get; init; }

    /// <summary>/etc/nginx, /etc/apache2, /etc/httpd, or the dedicated instance's own directory.</summary>
    public required AbsolutePath ConfigRoot { get; init; }

    /// <summary>The file the checker and the daemon read first (nginx.conf, apache2.conf, conf/httpd.conf).</summary>
    public required AbsolutePath MainConfigPath { get; init; }

    /// <summary>The daemon binary (nginx, apache2, httpd).</summary>
    public required AbsolutePath Binary { get; init; }

    /// <summary>System-mode Apache checker (apache2ctl on Debian, apachectl on RHEL); nginx checks with its own binary.</summary>
    public required AbsolutePath ControlScript { get; init; }

    public required AbsolutePath SystemctlBinary { get; init; }

    /// <summary>The systemd unit reloaded in system mode (nginx, apache2, httpd).</summary>
    public required string ServiceName { get; init; }

    /// <summary>Per-site access and error logs go here, named by domain.</summary>
    public required AbsolutePath LogDir { get; init; }

    /// <summary>Apache's loadable modules (dedicated mode): /usr/lib/apache2/modules, /usr/lib64/httpd/modules.</summary>
    public required AbsolutePath ModulesDir { get; init; }

    /// <summary>The MIME types file the dedicated main config includes (nginx's own mime.types, or /etc/mime.types for Apache).</summary>
    public required AbsolutePath MimeTypesPath { get; init; }

    /// <summary>Dedicated mode: the account the workers run as (both User and Group; www-data, apache, nginx).</summary>
    public required LinuxGroupName RunAs { get; init; }

    public required WebListen Listen { get; init; }

    public bool IsManaged => Kind != WebServerKind.None;

    /// <summary>Where a site's vhost file is written: sites-available/ or conf.d/.</summary>
    public AbsolutePath SitesDir => ConfigRoot.Combine(Layout == WebServerLayout.SitesAvailable ? "sites-available" : "conf.d");

    /// <summary>The directory of enable symlinks; null for the conf.d layout, where presence is enablement.</summary>
    public AbsolutePath? EnabledDir => Layout == WebServerLayout.SitesAvailable ? ConfigRoot.Combine("sites-enabled") : null;

    /// <summary>The directory the main config includes every <c>*.conf</c> of.</summary>
    public AbsolutePath IncludedDir => EnabledDir ?? SitesDir;

    public static string VhostFileName(SiteDomain domain) => domain.Value + ".conf";

    public AbsolutePath VhostPathFor(SiteDomain domain) => SitesDir.Combine(VhostFileName(domain));

    /// <summary>The a2ensite-style link, or null for conf.d.</summary>
    public AbsolutePath? EnabledLinkFor(SiteDomain domain) => EnabledDir?.Combine(VhostFileName(domain));

    /// <summary>The relative symlink target, as a2ensite writes it.</summary>
    public static string EnabledLinkTarget(SiteDomain domain) => "../sites-available/" + VhostFileName(domain);

    public AbsolutePath AccessLogFor(SiteDomain domain) => LogDir.Combine(domain.Value + ".access.log");

    public AbsolutePath ErrorLogFor(SiteDomain domain) => LogDir.Combine(domain.Value + ".error.log");

    /// <summary>Dedicated mode: pid file, lock files, the Apache mutex and scoreboard.</summary>
    public AbsolutePath RuntimeDir => ConfigRoot.Combine("run");

    public AbsolutePath PidFile => RuntimeDir.Combine(Kind == WebServerKind.Nginx ? "nginx.pid" : "httpd.pid");

    /// <summary>Dedicated mode: the main error log (also passed to nginx -e so it never opens the system's log).</summary>
    public AbsolutePath MainErrorLog => LogDir.Combine("error.log");

    /// <summary>Dedicated mode: the document root of the catch-all server that answers 404 for unknown hosts.</summary>
    public AbsolutePath DefaultRoot => ConfigRoot.Combine("default");

    /// <summary>Dedicated nginx: request-body and proxy temp directories, kept out of /var/lib/nginx.</summary>
    public AbsolutePath TempDir => ConfigRoot.Combine("tmp");
}
