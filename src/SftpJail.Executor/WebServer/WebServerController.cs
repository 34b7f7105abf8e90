using SftpJail.Core.Model;
using SftpJail.Executor.Files;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.WebServer;

/// <summary>
/// Checks and reloads the web server the profile describes: the host's service (system mode) or SftpJail's own
/// instance (dedicated mode, see <c>WebServerController.Dedicated.cs</c>). Commands are argument vectors, never shell text.
/// </summary>
public sealed partial class WebServerController
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly WebServerProfile web;
    private readonly IProcessRunner runner;
    private readonly HostFileSystem fileSystem;

    public WebServerController(WebServerProfile web, IProcessRunner runner, HostFileSystem fileSystem)
    {
        if (!web.IsManaged)
        {
            throw new InvalidOperationException("No web server is managed (WebServer:Kind is None).");
        }

        this.web = web;
        this.runner = runner;
        this.fileSystem = fileSystem;
    }

    public WebServerProfile Profile => web;

    /// <summary>
    /// Runs the checker against the whole configuration as the daemon would load it, not one file. nginx's warning that
    /// two server blocks claim one name counts as a failure: it exits 0, but the second block is never served.
    /// </summary>
    public async Task<WebServerCheckResult> ValidateAsync(CancellationToken ct = default)
    {
        var result = await runner.RunAsync(Spec(web.CheckCommand), ct).ConfigureAwait(false);
        var output = string.Join('\n', new[] { result.StandardError.Trim(), result.StandardOutput.Trim() }.Where(s => s.Length > 0));
        var conflict = web.Kind == WebServerKind.Nginx && output.Contains(NginxConflictingNameWarning, StringComparison.Ordinal);
        return new WebServerCheckResult(result.Succeeded && !conflict, output);
    }

    /// <summary>nginx -t's warning (ngx_http_core_module): <c>[warn] conflicting server name "x" on 0.0.0.0:80, ignored</c>.</summary>
    internal const string NginxConflictingNameWarning = "conflicting server name";

    /// <summary>
    /// Graceful reload: <c>systemctl reload</c> in system mode (which returns once the unit's reload command has);
    /// in dedicated mode a signal to the running master (<c>nginx -s reload</c>, <c>apache2 -k graceful</c>), then a
    /// wait until its old workers have left. Throws <see cref="HostCommandException"/>.
    /// </summary>
    public async Task ReloadAsync(CancellationToken ct = default)
    {
        if (web.Mode == WebServerMode.Dedicated)
        {
            await ReloadDedicatedAsync(ct).ConfigureAwait(false);
            return;
        }

        await runner.RunCheckedAsync(Spec(web.ReloadCommand), ct).ConfigureAwait(false);
    }

    private static ProcessSpec Spec(WebServerCommand command) =>
        new(command.FileName.Value, command.Arguments) { Timeout = CommandTimeout };
}
