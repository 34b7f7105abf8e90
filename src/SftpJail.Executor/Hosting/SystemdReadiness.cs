using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace SftpJail.Executor.Hosting;

/// <summary>
/// Type=notify: READY=1 goes to $NOTIFY_SOCKET once the host has started, which is after every hosted service's
/// StartAsync, so after <see cref="Socket.ExecutorSocketServer"/> has bound the socket. The panel unit is ordered
/// after this one, so systemd starts it only when the socket exists.
/// </summary>
public static class SystemdReadiness
{
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    public static IServiceCollection AddSystemdReadiness(this IServiceCollection services)
    {
        // Does nothing unless our parent process is systemd (or we are PID 1 of a container).
        services.AddSystemd();
        if (!SystemdHelpers.IsSystemdService() && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NotifySocketVariable)))
        {
            // A manager waits for READY but is not our parent: a wrapper between systemd and us (setpriv, a
            // supervisor) or a test that starts the unit's ExecStart itself. sd_notify(3) keys on the variable alone.
            services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        return services;
    }
}
