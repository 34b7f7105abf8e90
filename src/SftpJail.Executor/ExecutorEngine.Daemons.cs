using Microsoft.Extensions.Logging;
using SftpJail.Core.Model;
using SftpJail.Executor.WebServer;

namespace SftpJail.Executor;

public sealed partial class ExecutorEngine
{
    private const int StateDirMode = 0b111_000_000; // 0700, as TargetBuilder plans it

    /// <summary>
    /// Stops the dedicated web server and the dedicated sshd (whichever this configuration runs), once no apply is in
    /// flight. For an executor whose lifetime is someone else's (the panel's demo): what it started ends with it.
    /// </summary>
    public async Task StopDedicatedDaemonsAsync(CancellationToken cancellationToken)
    {
        await ApplyLock.WaitAsync(cancellationToken);
        try
        {
            if (webServer is { Profile.Mode: WebServerMode.Dedicated } && webServer.DedicatedPid is { } webPid)
            {
                await webServer.StopDedicatedAsync(cancellationToken);
                logger.LogInformation("Stopped the dedicated {Kind} (pid {Pid})", webServer.Profile.Kind, webPid);
            }

            if (profile.Mode == SshdMode.Dedicated && sshd.DedicatedPid() is { } sshdPid)
            {
                await sshd.StopDedicatedAsync(cancellationToken);
                logger.LogInformation("Stopped the dedicated sshd (pid {Pid})", sshdPid);
            }
        }
        finally
        {
            ApplyLock.Release();
        }
    }

    /// <summary>
    /// A dedicated web server keeps its config root in the state directory by default, and it is prepared before the
    /// plan runs, so on a fresh machine (the demo's first apply) that directory must be made first, as the plan would
    /// make it: root-owned, 0700.
    /// </summary>
    private void PrepareDedicatedWebServer(WebServerController web)
    {
        if (web.Profile.ConfigRoot.IsWithin(profile.StateDir) && !Directory.Exists(profile.StateDir.Value))
        {
            files.EnsureDirectory(profile.StateDir, 0, 0, StateDirMode);
        }

        web.PrepareDedicated();
    }
}
