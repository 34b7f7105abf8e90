using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Model;

namespace SftpJail.Executor;

public sealed partial class ExecutorEngine
{
    /// <summary>Test-only settings: with Enabled true, the process sends itself SIGKILL at the first fault point starting with KillAtPoint.</summary>
    public const string FaultInjectionSection = "TestFaultInjection";

    /// <summary>Reads the "Host" and "WebServer" sections; an invalid value throws InputRejectedException naming the key.</summary>
    public static (HostProfile Host, WebServerProfile Web) ReadProfiles(IConfiguration configuration)
    {
        var host = (configuration.GetSection(HostProfileOptions.Section).Get<HostProfileOptions>() ?? new HostProfileOptions()).ToProfile();
        var web = (configuration.GetSection("WebServer").Get<WebServerProfileOptions>() ?? new WebServerProfileOptions()).ToProfile(host);
        return (host, web);
    }

    public static ExecutorEngine Create(IConfiguration configuration, ILoggerFactory loggerFactory)
    {
        var (host, web) = ReadProfiles(configuration);
        var engine = Create(host, web, loggerFactory);
        engine.KillAtFaultPoint(configuration.GetSection(FaultInjectionSection));
        return engine;
    }

    /// <summary>
    /// The fault-injection tests' real <c>kill -9</c>: only when the section says Enabled=true and names a point. The
    /// process dies at once (no catch, no finally, no flush), exactly as an administrator's kill -9 would leave it.
    /// </summary>
    private void KillAtFaultPoint(IConfigurationSection section)
    {
        var point = section["KillAtPoint"];
        if (!section.GetValue<bool>("Enabled") || string.IsNullOrEmpty(point))
        {
            return;
        }

        logger.LogWarning("Test fault injection is on: this process kills itself at the fault point '{Point}'", point);
        Faults.Injector = reached =>
        {
            if (reached.StartsWith(point, StringComparison.Ordinal))
            {
                using var self = Process.GetCurrentProcess();
                self.Kill();
                Thread.Sleep(Timeout.Infinite);
            }
        };
    }
}
