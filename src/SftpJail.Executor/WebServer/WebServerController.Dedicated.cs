using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SftpJail.Core.Model;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.WebServer;

/// <summary>
/// Dedicated mode: SftpJail's own nginx or Apache with its own config root, pid file, logs and port, for tests and
/// the demo. Debian's bare <c>apache2</c> binary needs no APACHE_* variables here because the rendered main config
/// sets every value /etc/apache2/envvars would (ServerRoot, DefaultRuntimeDir, PidFile, User, Group, ErrorLog);
/// nginx gets <c>-e</c> so it never opens /var/log/nginx before reading its config.
/// </summary>
public sealed partial class WebServerController
{
    private const int DirectoryMode = 0x1ED; // 0755
    private const int ConfigFileMode = 0x1A4; // 0644
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReloadSettle = TimeSpan.FromSeconds(10);

    /// <summary>The pid of the running dedicated master, or null.</summary>
    public int? DedicatedPid => DaemonProcesses.ReadLivePid(web.PidFile, web.Binary);

    /// <summary>Creates the instance's directories and (re)writes its main config. Idempotent.</summary>
    public void PrepareDedicated()
    {
        RequireDedicated();
        foreach (var directory in DedicatedDirectories())
        {
            fileSystem.EnsureDirectory(directory, 0, 0, DirectoryMode);
        }

        var mainConfig = web.Kind == WebServerKind.Nginx ? NginxMainConfigRenderer.Render(web) : ApacheMainConfigRenderer.Render(web);
        new AtomicFileWriter(fileSystem).Write(web.MainConfigPath, mainConfig, ConfigFileMode);
    }

    /// <summary>
    /// Prepares, validates and starts the dedicated instance, returning once its pid file names a live master that
    /// has forked its workers (so a reload signal is not lost) and its HTTP port accepts connections. When it already runs, validates and reloads it instead.
    /// </summary>
    public async Task StartDedicatedAsync(CancellationToken ct = default)
    {
        PrepareDedicated();
        var check = await ValidateAsync(ct).ConfigureAwait(false);
        if (!check.Ok)
        {
            throw new InvalidOperationException($"The dedicated {web.Kind} configuration does not validate: {check.Output}");
        }

        if (DedicatedPid is not null)
        {
            await ReloadAsync(ct).ConfigureAwait(false);
            return;
        }

        await runner.RunCheckedAsync(Spec(web.StartCommand), ct).ConfigureAwait(false);
        var deadline = Stopwatch.StartNew();
        while (DedicatedPid is not { } pid || DaemonProcesses.LiveChildren(pid).Count == 0 || !await AcceptsConnectionsAsync(ct).ConfigureAwait(false))
        {
            if (deadline.Elapsed > StartWait)
            {
                throw new TimeoutException(
                    $"The dedicated {web.Kind} did not come up on {web.Listen.AddressText}:{web.Listen.HttpPort} within {StartWait.TotalSeconds:0} s. {ErrorLogTail()}");
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the dedicated instance and waits until its master is gone; kills the process tree if it lingers.</summary>
    public async Task StopDedicatedAsync(CancellationToken ct = default)
    {
        RequireDedicated();
        if (DedicatedPid is not { } pid)
        {
            return;
        }

        await runner.RunAsync(Spec(web.StopCommand), ct).ConfigureAwait(false);
        if (await WaitForExitAsync(pid, StopWait, ct).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            return; // gone in the meantime
        }

        if (!await WaitForExitAsync(pid, StopWait, ct).ConfigureAwait(false))
        {
            throw new TimeoutException($"The dedicated {web.Kind} (pid {pid}) did not exit after SIGKILL.");
        }
    }

    /// <summary>
    /// Dedicated reload: signal the master, then wait (at most <see cref="ReloadSettle"/>) until the workers it had
    /// before are gone and a new one is live, so that the next request is answered with the new configuration: an old
    /// worker still accepting on a shared port would answer with the old one. Best effort: a worker finishing a long
    /// download may outlive the wait, and the reload still stands.
    /// </summary>
    private async Task ReloadDedicatedAsync(CancellationToken ct)
    {
        var master = DedicatedPid;
        var before = master is { } pid ? DaemonProcesses.LiveChildren(pid) : new HashSet<int>();
        await runner.RunCheckedAsync(Spec(web.ReloadCommand), ct).ConfigureAwait(false);
        if (master is null)
        {
            return;
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReloadSettle)
        {
            var now = DaemonProcesses.LiveChildren(master.Value);
            if (now.Count > 0 && !now.Overlaps(before))
            {
                return;
            }

            await Task.Delay(25, ct).ConfigureAwait(false);
        }
    }

    private IEnumerable<AbsolutePath> DedicatedDirectories()
    {
        yield return web.ConfigRoot;
        yield return web.SitesDir;
        if (web.EnabledDir is { } enabled)
        {
            yield return enabled;
        }

        yield return web.RuntimeDir;
        yield return web.LogDir;
        yield return web.Kind == WebServerKind.Nginx ? web.TempDir : web.DefaultRoot;
    }

    private void RequireDedicated()
    {
        if (web.Mode != WebServerMode.Dedicated)
        {
            throw new InvalidOperationException("Starting and stopping is only for a dedicated web server; the system one belongs to systemd.");
        }
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken ct)
    {
        var address = web.Listen.IsAnyAddress ? IPAddress.Loopback : web.Listen.Address;
        using var client = new TcpClient(address.AddressFamily);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(address, web.Listen.HttpPort, attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    private static async Task<bool> WaitForExitAsync(int pid, TimeSpan wait, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (DaemonProcesses.IsLive(pid))
        {
            if (deadline.Elapsed > wait)
            {
                return false;
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        return true;
    }

    private string ErrorLogTail()
    {
        try
        {
            var lines = fileSystem.ReadTextNoFollow(web.MainErrorLog)?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
            return lines.Length == 0 ? "Its error log is empty." : "Error log: " + string.Join(" | ", lines.TakeLast(5));
        }
        catch (IOException)
        {
            return "Its error log could not be read.";
        }
    }
}
