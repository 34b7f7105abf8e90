using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Model;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Executor.Processes;
using SftpJail.Executor.WebServer;

namespace SftpJail.Executor.Sshd;

/// <summary>Validates, reloads and probes sshd: the host's service (system mode) or SftpJail's own instance (dedicated mode).</summary>
internal sealed class SshdController(HostProfile profile, IProcessRunner runner, HostKeys hostKeys, ILogger logger)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    public bool HasConfiguration => File.Exists(profile.SshdMainConfigPath.Value);

    /// <summary>Runs <c>sshd -t</c> against the whole configuration (main file plus every include). Null when accepted.</summary>
    public async Task<string?> ValidateAsync(CancellationToken cancellationToken)
    {
        EnsurePrivilegeSeparationDirectory();
        if (profile.Mode == SshdMode.Dedicated)
        {
            // sshd -t loads the host keys, so the dedicated instance's keys must exist before it can validate.
            await hostKeys.EnsureDedicatedKeysAsync(cancellationToken);
        }

        var result = await runner.RunAsync(new ProcessSpec(profile.SshdBinary.Value, ["-t", "-f", profile.SshdMainConfigPath.Value]), cancellationToken);
        if (result.Succeeded)
        {
            return profile.Mode == SshdMode.System ? await RefuseGlobalAuthenticationMethodsAsync(cancellationToken) : null;
        }

        var message = string.Join(' ', (result.StandardError + result.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return message.Length == 0 ? $"sshd -t exited {result.ExitCode}" : message;
    }

    /// <summary>
    /// The traits file sets AuthenticationMethods "any" for read-only and key-only users (what lifts the drop-in's
    /// fail-closed lines), which would override a host-wide value in the host's own sshd_config for them: refused, so
    /// those users never get less than the host asks of everyone. (The dedicated main config is SftpJail's and sets none.)
    /// </summary>
    private async Task<string?> RefuseGlobalAuthenticationMethodsAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new ProcessSpec(profile.SshdBinary.Value, ["-T", "-f", profile.SshdMainConfigPath.Value]), cancellationToken);
        var methods = result.Succeeded
            ? result.StandardOutput.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("authenticationmethods ", StringComparison.Ordinal))?["authenticationmethods ".Length..]
            : null;
        return methods is null or "any"
            ? null
            : $"the host's sshd configuration ({profile.SshdMainConfigPath} and its includes) sets AuthenticationMethods {methods} for every user; SftpJail's read-only and key-only users would not get it (its traits file sets 'any' for them). Set it inside a Match block for the accounts it is meant for.";
    }

    /// <summary>Makes sshd re-read its configuration (starting the dedicated instance if it is not running), then probes it.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        if (profile.Mode == SshdMode.Dedicated)
        {
            var pid = DedicatedPid();
            if (pid is null)
            {
                await StartDedicatedAsync(cancellationToken);
            }
            else
            {
                Signals.Send(pid.Value, Signals.SIGHUP);
                logger.LogInformation("Sent SIGHUP to the dedicated sshd (pid {Pid})", pid);
            }
        }
        else
        {
            await runner.RunCheckedAsync(new ProcessSpec("/usr/bin/systemctl", ["reload", profile.SshdServiceName]), cancellationToken);
        }

        await ProbeAsync(cancellationToken);
    }

    /// <summary>
    /// Starts the dedicated instance if it is not running, or restarts it when it runs but does not answer on its port
    /// with an SSH banner (an apply with nothing to change still brings SFTP back).
    /// </summary>
    public async Task<bool> EnsureDedicatedRunningAsync(CancellationToken cancellationToken)
    {
        if (profile.Mode != SshdMode.Dedicated || !File.Exists(profile.SshdMainConfigPath.Value))
        {
            return false;
        }

        if (DedicatedPid() is { } running)
        {
            if (await AnswersAsync(HealthCheckTimeout, cancellationToken))
            {
                return false;
            }

            logger.LogWarning("The dedicated sshd (pid {Pid}) does not answer on port {Port}; restarting it", running, profile.Listen.Port);
            await StopDedicatedAsync(cancellationToken);
        }

        if (await ValidateAsync(cancellationToken) is { } rejection)
        {
            throw new SshdUnavailableException($"The dedicated sshd cannot start: {rejection}");
        }

        await StartDedicatedAsync(cancellationToken);
        await ProbeAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// SIGTERM to the dedicated master, then SIGKILL if it is still there after 10 s. Sessions already open are sshd
    /// children in their own sessions and end when their clients disconnect; no new login is accepted once this returns.
    /// </summary>
    public async Task StopDedicatedAsync(CancellationToken cancellationToken)
    {
        if (DedicatedPid() is not { } pid)
        {
            return;
        }

        Signals.Send(pid, Signals.SIGTERM);
        if (await WaitForExitAsync(pid, StopWait, cancellationToken))
        {
            return;
        }

        logger.LogWarning("The dedicated sshd (pid {Pid}) ignored SIGTERM for {Seconds} s; sending SIGKILL", pid, StopWait.TotalSeconds);
        Signals.Send(pid, Signals.SIGKILL);
        if (!await WaitForExitAsync(pid, StopWait, cancellationToken))
        {
            throw new SshdUnavailableException($"The dedicated sshd (pid {pid}) did not exit after SIGKILL.");
        }
    }

    /// <summary>Waits until sshd answers with an SSH banner on its port.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ProbeTimeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await BannerAsync(TimeSpan.FromSeconds(3), cancellationToken))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new SshdUnavailableException($"sshd does not answer on {ProbeAddress}:{profile.Listen.Port} after reloading ({last?.Message ?? "no SSH banner"}).");
    }

    /// <summary>One attempt: true when the port answers with an SSH banner within <paramref name="timeout"/>.</summary>
    public async Task<bool> AnswersAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await BannerAsync(timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private IPAddress ProbeAddress => profile.Listen.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
        : profile.Listen.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
        : profile.Listen.Address;

    private async Task<bool> BannerAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = ProbeAddress;
        using var client = new TcpClient(address.AddressFamily);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        await client.ConnectAsync(address, profile.Listen.Port, attempt.Token);
        var buffer = new byte[64];
        var read = await client.GetStream().ReadAsync(buffer, attempt.Token);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("SSH-2.0-", StringComparison.Ordinal);
    }

    /// <summary>
    /// The live dedicated master named by its pid file: a zombie, a reused pid of another program, or another sshd
    /// (not started with this instance's config) is not it, and is never signalled.
    /// </summary>
    public int? DedicatedPid()
    {
        var pid = DedicatedSshdProcess.ReadPid(DedicatedSshdPaths.For(profile).PidFile);
        if (pid is null || DedicatedSshdProcess.IsOurs(pid.Value, profile.SshdBinary, profile.SshdMainConfigPath))
        {
            return pid;
        }

        logger.LogWarning("The dedicated sshd's pid file names pid {Pid}, which is not this sshd (another program or another config); not signalling it", pid);
        return null;
    }

    private static async Task<bool> WaitForExitAsync(int pid, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (DaemonProcesses.IsLive(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken);
        }

        return true;
    }

    private async Task StartDedicatedAsync(CancellationToken cancellationToken)
    {
        EnsurePrivilegeSeparationDirectory();
        // -E: its own log file, which the activity reader follows (a dedicated sshd has no syslog of its own here).
        // Without NOTIFY_SOCKET: Debian's sshd would tell the executor's service manager READY=1 in the executor's name.
        await runner.RunCheckedAsync(
            new ProcessSpec(profile.SshdBinary.Value, ["-f", profile.SshdMainConfigPath.Value, "-E", ExecutorEngine.DedicatedSshdLogFor(profile).Value])
            {
                Environment = new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = null },
            },
            cancellationToken);
        logger.LogInformation("Started the dedicated sshd on {Address}:{Port}", profile.Listen.Address, profile.Listen.Port);
    }

    /// <summary>sshd refuses to start (and <c>sshd -t</c> fails) without its privilege-separation directory; systemd creates it, a container may not.</summary>
    private static void EnsurePrivilegeSeparationDirectory()
    {
        if (!Directory.Exists("/run/sshd"))
        {
            Directory.CreateDirectory("/run/sshd", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}

public sealed class SshdUnavailableException(string message) : Exception(message);
