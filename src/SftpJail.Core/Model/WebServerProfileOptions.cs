using SftpJail.Core.Values;

namespace SftpJail.Core.Model;

/// <summary>The "WebServer" configuration section as strings; <see cref="ToProfile"/> validates it into a <see cref="WebServerProfile"/>.</summary>
public sealed class WebServerProfileOptions
{
    public const string Section = "WebServer";

    /// <summary>"None", "Nginx" or "Apache".</summary>
    public string Kind { get; set; } = "None";

    /// <summary>"SitesAvailable" or "ConfD"; defaults to the distro's habit (Debian sites-available, RHEL conf.d).</summary>
    public string? Layout { get; set; }

    /// <summary>"System" or "Dedicated".</summary>
    public string Mode { get; set; } = "System";

    public string? ConfigRoot { get; set; }

    public string? MainConfigPath { get; set; }

    public string? Binary { get; set; }

    public string? ControlScript { get; set; }

    public string SystemctlBinary { get; set; } = "/usr/bin/systemctl";

    public string? ServiceName { get; set; }

    public string? LogDir { get; set; }

    public string? ModulesDir { get; set; }

    public string? MimeTypesPath { get; set; }

    public string? RunAs { get; set; }

    /// <summary>Defaults to 0.0.0.0 (system) or 127.0.0.1 (dedicated).</summary>
    public string? ListenAddress { get; set; }

    /// <summary>Defaults to 80 (system) or 8080 (dedicated).</summary>
    public int? Port { get; set; }

    /// <summary>Defaults to 443 (system) or 8443 (dedicated); 0 turns HTTPS off.</summary>
    public int? HttpsPort { get; set; }

    public WebServerProfile ToProfile(HostProfile host)
    {
        var kind = ParseEnum<WebServerKind>(Kind, "Kind");
        var mode = ParseEnum<WebServerMode>(Mode, "Mode");
        var debian = host.Family == DistroFamily.Debian;
        var layout = Layout is null
            ? (debian ? WebServerLayout.SitesAvailable : WebServerLayout.ConfD)
            : ParseEnum<WebServerLayout>(Layout, "Layout");
        var dedicated = mode == WebServerMode.Dedicated;
        var apache = kind == WebServerKind.Apache;
        var apacheName = debian ? "apache2" : "httpd";

        var root = Path("ConfigRoot", ConfigRoot ?? (dedicated
            ? host.StateDir.Combine(apache ? "apache" : "nginx").Value
            : apache ? "/etc/" + apacheName : "/etc/nginx"));
        var mainConfig = MainConfigPath ?? (apache
            ? (debian || dedicated ? root.Combine(apacheName + ".conf").Value : root.Combine("conf").Combine("httpd.conf").Value)
            : root.Combine("nginx.conf").Value);

        var profile = new WebServerProfile
        {
            Kind = kind,
            Layout = layout,
            Mode = mode,
            ConfigRoot = root,
            MainConfigPath = Path("MainConfigPath", mainConfig),
            Binary = Path("Binary", Binary ?? (apache ? "/usr/sbin/" + apacheName : "/usr/sbin/nginx")),
            ControlScript = Path("ControlScript", ControlScript ?? (debian ? "/usr/sbin/apache2ctl" : "/usr/sbin/apachectl")),
            SystemctlBinary = Path("SystemctlBinary", SystemctlBinary),
            ServiceName = ServiceName ?? (apache ? apacheName : "nginx"),
            LogDir = Path("LogDir", LogDir ?? (dedicated ? root.Combine("logs").Value : apache ? "/var/log/" + apacheName : "/var/log/nginx")),
            ModulesDir = Path("ModulesDir", ModulesDir ?? (debian ? "/usr/lib/apache2/modules" : "/usr/lib64/httpd/modules")),
            MimeTypesPath = Path("MimeTypesPath", MimeTypesPath ?? (apache ? "/etc/mime.types" : "/etc/nginx/mime.types")),
            RunAs = LinuxGroupName.Parse(RunAs ?? host.WebGroup.Value, "WebServer:RunAs"),
            Listen = WebListen.Parse(
                ListenAddress ?? (dedicated ? "127.0.0.1" : "0.0.0.0"),
                Port ?? (dedicated ? 8080 : 80),
                HttpsPort ?? (dedicated ? 8443 : 443)),
        };

        if (profile.ServiceName.Length == 0 || profile.ServiceName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '@' or '.')))
        {
            throw new InputRejectedException("WebServer:ServiceName", $"'{profile.ServiceName}' is not a systemd unit name.");
        }

        if (profile.ConfigRoot.Value == "/" || host.JailRoot.IsWithin(profile.ConfigRoot) || profile.ConfigRoot.IsWithin(host.JailRoot))
        {
            throw new InputRejectedException("WebServer:ConfigRoot", "The web-server config root must be a directory of its own, apart from the jail root customers write to.");
        }

        if (profile.LogDir.IsWithin(host.JailRoot))
        {
            throw new InputRejectedException("WebServer:LogDir", "Logs must be outside the jail root, where customers cannot replace them with links.");
        }

        // The host's role table with the web server's directories added: no system directory, nothing inside the
        // jail root or the keys directory, no directory asked to be two things.
        if (Planning.DirectoryRoles.FindConflict([.. Planning.DirectoryRoles.For(host), .. Planning.DirectoryRoles.ForWebServer(profile)]) is { } conflict)
        {
            throw new InputRejectedException(conflict.First.Field, conflict.Message);
        }

        return profile;
    }

    private static T ParseEnum<T>(string? text, string field)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : throw new InputRejectedException("WebServer:" + field, $"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");

    private static AbsolutePath Path(string field, string? text) => AbsolutePath.Parse(text, "WebServer:" + field);
}
