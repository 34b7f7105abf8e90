namespace SftpJail.Core.Model;

public sealed partial record WebServerProfile
{
    /// <summary>
    /// Checks the whole configuration, not one file: <c>nginx -t -c &lt;main&gt;</c>; <c>apache2ctl -t</c> (Debian, which
    /// sources /etc/apache2/envvars) or <c>apachectl -t</c> (RHEL); for a dedicated Apache <c>apache2 -t -f &lt;main&gt;</c>.
    /// </summary>
    public WebServerCommand CheckCommand => (Kind, Mode) switch
    {
        (WebServerKind.Nginx, _) => Nginx("-t", "-q"),
        (WebServerKind.Apache, WebServerMode.System) => new(ControlScript, ["-t"]),
        (WebServerKind.Apache, _) => Apache("-t"),
        _ => throw Unmanaged(),
    };

    /// <summary>Graceful reload: the system unit, or the dedicated instance's master (nginx -s reload, apache -k graceful).</summary>
    public WebServerCommand ReloadCommand => (Kind, Mode) switch
    {
        (WebServerKind.None, _) => throw Unmanaged(),
        (_, WebServerMode.System) => new(SystemctlBinary, ["reload", ServiceName]),
        (WebServerKind.Nginx, _) => Nginx("-s", "reload"),
        _ => Apache("-k", "graceful"),
    };

    /// <summary>Dedicated mode only: starts the daemon, which forks and writes <see cref="PidFile"/>.</summary>
    public WebServerCommand StartCommand => Kind switch
    {
        WebServerKind.Nginx => Nginx(),
        WebServerKind.Apache => Apache("-k", "start"),
        _ => throw Unmanaged(),
    };

    /// <summary>Dedicated mode only: fast stop through the pid file.</summary>
    public WebServerCommand StopCommand => Kind switch
    {
        WebServerKind.Nginx => Nginx("-s", "stop"),
        WebServerKind.Apache => Apache("-k", "stop"),
        _ => throw Unmanaged(),
    };

    // -e: nginx opens its compiled-in error log before reading the config; a dedicated instance must not touch the system's.
    private WebServerCommand Nginx(params string[] action) =>
        new(Binary, Mode == WebServerMode.Dedicated
            ? [.. action, "-e", MainErrorLog.Value, "-c", MainConfigPath.Value]
            : [.. action, "-c", MainConfigPath.Value]);

    // Debian's apache2 binary reads no envvars file itself; the dedicated main config sets every value envvars would.
    private WebServerCommand Apache(params string[] action) => new(Binary, [.. action, "-f", MainConfigPath.Value]);

    private static InvalidOperationException Unmanaged() => new("No web server is managed (WebServer:Kind is None).");
}
