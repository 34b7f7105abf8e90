using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Model;
using SftpJail.Core.Rendering.Sshd;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Sshd;

/// <summary>Validates, reloads and probes sshd: the host's service (system mode) or SftpJail's own instance (dedicated mode).</summary>
internal sealed class SshdController(HostProfile profile, IProcessRunner runner, HostKeys hostKeys, ILogger logger)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

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
            return null;
        }

        var message = string.Join(' ', (result.StandardError + result.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return message.Length == 0 ? $"sshd -t exited {result.ExitCode}" : message;
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

    /// <summary>Starts the dedicated instance if it is not running (an apply with nothing to change still brings it up).</summary>
    public async Task<bool> EnsureDedicatedRunningAsync(CancellationToken cancellationToken)
    {
        if (profile.Mode != SshdMode.Dedicated || DedicatedPid() is not null || !File.Exists(profile.SshdMainConfigPath.Value))
        {
            return false;
        }

        if (await ValidateAsync(cancellationToken) is { } rejection)
        {
            throw new SshdUnavailableException($"The dedicated sshd cannot start: {rejection}");
        }

        await StartDedicatedAsync(cancellationToken);
        await ProbeAsync(cancellationToken);
        return true;
    }

    public async Task StopDedicatedAsync(CancellationToken cancellationToken)
    {
        if (DedicatedPid() is { } pid)
        {
            Signals.Send(pid, Signals.SIGTERM);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Signals.IsAlive(pid) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>Waits until sshd answers with an SSH banner on its port.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var address = profile.Listen.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : profile.Listen.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : profile.Listen.Address;
        var deadline = DateTime.UtcNow + ProbeTimeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient(address.AddressFamily);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(3));
                await client.ConnectAsync(address, profile.Listen.Port, attempt.Token);
                var buffer = new byte[64];
                var read = await client.GetStream().ReadAsync(buffer, attempt.Token);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("SSH-2.0-", StringComparison.Ordinal))
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

        throw new SshdUnavailableException($"sshd does not answer on {address}:{profile.Listen.Port} after reloading ({last?.Message ?? "no SSH banner"}).");
    }

    public int? DedicatedPid()
    {
        var pidFile = DedicatedSshdPaths.For(profile).PidFile.Value;
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            return null;
        }

        return Signals.IsAlive(pid) ? pid : null;
    }

    private async Task StartDedicatedAsync(CancellationToken cancellationToken)
    {
        EnsurePrivilegeSeparationDirectory();
        await runner.RunCheckedAsync(new ProcessSpec(profile.SshdBinary.Value, ["-f", profile.SshdMainConfigPath.Value]), cancellationToken);
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
