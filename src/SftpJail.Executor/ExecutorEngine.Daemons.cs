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
    /// At executor start, in dedicated mode: the dedicated sshd runs from the start, not from the first customer's apply,
    /// so a fresh install's /healthz is green. With its configuration already written it is started (or restarted when
    /// it does not answer) after <c>sshd -t</c> accepts it; on a host where SftpJail manages nothing yet, the state with
    /// no customer (a valid one) is applied, which writes that configuration and starts it. A host whose manifest lists
    /// sites but whose configuration is missing is left to the next apply (reconcile reports it). Null when nothing ran.
    /// </summary>
    public async Task<string?> StartDedicatedSshdAsync(CancellationToken cancellationToken)
    {
        if (profile.Mode != SshdMode.Dedicated)
        {
            return null;
        }

        if (sshd.HasConfiguration)
        {
            await ApplyLock.WaitAsync(cancellationToken);
            try
            {
                return await sshd.EnsureDedicatedRunningAsync(cancellationToken) ? "started the dedicated sshd" : null;
            }
            finally
            {
                ApplyLock.Release();
            }
        }

        var manifest = manifests.Load();
        if (manifest.Sites.Count > 0 || manifest.Users.Count > 0)
        {
            return null;
        }

        var applied = await ApplyAsync(Core.Contract.DesiredStateDto.Empty, [], Audit.ExecutorCaller.InProcess, cancellationToken);
        return applied.Succeeded
            ? $"applied the state with no customer ({applied.Applied.Count} change(s)): the dedicated sshd runs"
            : throw new Sshd.SshdUnavailableException($"The dedicated sshd could not be started: {applied.Error}");
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
