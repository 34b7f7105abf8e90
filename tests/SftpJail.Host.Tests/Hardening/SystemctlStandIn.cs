using SftpJail.Executor.Processes;

namespace SftpJail.Host.Tests.Hardening;

/// <summary>
/// The real process runner, except that <c>systemctl reload &lt;unit&gt;</c> (there is no systemd here) starts the test's
/// stand-in for the host's own sshd, or sends it SIGHUP as systemd's ssh.service does. Every other command runs for real.
/// </summary>
internal sealed class SystemctlStandIn(string unit, string mainConfig, string pidFile, string logFile) : IProcessRunner
{
    private readonly ProcessRunner real = new();

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default)
    {
        if (spec.FileName != "/usr/bin/systemctl" || spec.Arguments is not ["reload", var reloaded] || reloaded != unit)
        {
            return await real.RunAsync(spec, ct);
        }

        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile, ct)).Trim(), out var pid) && Directory.Exists($"/proc/{pid}"))
        {
            return await real.RunAsync(new ProcessSpec("/usr/bin/kill", ["-HUP", pid.ToString()]), ct);
        }

        Directory.CreateDirectory("/run/sshd");
        var started = await real.RunAsync(new ProcessSpec("/usr/sbin/sshd", ["-f", mainConfig, "-E", logFile]), ct);
        for (var i = 0; i < 200 && started.Succeeded && !(File.Exists(pidFile) && (await File.ReadAllTextAsync(pidFile, ct)).EndsWith('\n')); i++)
        {
            await Task.Delay(25, ct);
        }

        return started;
    }
}
