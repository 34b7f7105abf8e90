using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Activity;
using SftpJail.Executor.DiskUsage;
using SftpJail.Executor.Hardening;
using SftpJail.Executor.Socket;

namespace SftpJail.Executor.Hosting;

public static class ExecutorHostingExtensions
{
    /// <summary>Optional machine-wide settings, written by the administrator (or install.sh), read after appsettings.json.</summary>
    public const string MachineConfigPath = "/etc/sftpjail/executor.json";

    /// <summary>Names another machine-wide file instead of <see cref="MachineConfigPath"/> (install.sh --config-dir writes it into the unit).</summary>
    public const string MachineConfigVariable = "SFTPJAIL_EXECUTOR_CONFIG";

    public const string EnvironmentPrefix = "SFTPJAIL_";

    /// <summary>
    /// Configuration (appsettings.json, then <see cref="MachineConfigPath"/>, then SFTPJAIL_* variables, then the
    /// command line), the root check, the host profile, the engine as <see cref="IExecutorGateway"/> and the socket
    /// server. Throws <see cref="ExecutorStartupException"/> with a message meant for the administrator.
    /// </summary>
    public static IHostApplicationBuilder AddSftpJailExecutor(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddConfigurationSources(builder.Configuration);

        if (!Environment.IsPrivilegedProcess && !builder.Configuration.GetValue<bool>($"{ExecutorSocketOptions.Section}:{nameof(ExecutorSocketOptions.AllowNonRoot)}"))
        {
            throw new ExecutorStartupException(
                "The SftpJail executor must run as root: it creates users and writes sshd and web-server configuration. " +
                "For a development preview without host changes, set Executor:AllowNonRoot=true.");
        }

        var profile = ReadHostProfile(builder.Configuration);
        builder.Services.AddSingleton(profile);
        builder.Services.AddSingleton<IExecutorGateway>(sp => ExecutorEngine.Create(builder.Configuration, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService<Apply.InterruptedApplyRecovery>();
        builder.Services.AddHostedService<DedicatedSshdAtStart>();
        builder.Services.AddEnrolmentTimer();
        builder.Services.AddDiskLimitTimer(builder.Configuration);
        builder.Services.AddActivityRelay(builder.Configuration);
        AddSpawnedLifetime(builder);

        builder.Services.AddOptions<ExecutorSocketOptions>()
            .BindConfiguration(ExecutorSocketOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ExecutorSocketServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExecutorSocketServer>());
        builder.Services.AddSystemdReadiness();
        return builder;
    }

    /// <summary>Before the socket server: hosted services stop in reverse order, so the daemons go after the last request.</summary>
    private static void AddSpawnedLifetime(IHostApplicationBuilder builder)
    {
        var lifetime = builder.Configuration.GetSection(SpawnedLifetimeOptions.Section).Get<SpawnedLifetimeOptions>() ?? new SpawnedLifetimeOptions();
        if (lifetime.StopDaemonsOnExit)
        {
            builder.Services.AddHostedService<DedicatedDaemonsShutdown>();
        }

        if (lifetime.ParentPid is { } parent && parent > 1)
        {
            builder.Services.AddHostedService(sp => new ParentProcessWatch(
                parent, sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<ParentProcessWatch>>()));
        }
    }

    private static void AddConfigurationSources(IConfigurationManager configuration)
    {
        // The host's defaults end with the command line; keep it last so it still overrides the files added here.
        var sources = configuration.Sources;
        var commandLine = sources.OfType<CommandLineConfigurationSource>().ToList();
        foreach (var source in commandLine)
        {
            sources.Remove(source);
        }

        var machineConfig = Environment.GetEnvironmentVariable(MachineConfigVariable);
        configuration.AddJsonFile(string.IsNullOrEmpty(machineConfig) ? MachineConfigPath : machineConfig, optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        foreach (var source in commandLine)
        {
            sources.Add(source);
        }
    }

    private static HostProfile ReadHostProfile(IConfiguration configuration)
    {
        try
        {
            // Both sections are validated here so a bad WebServer value also stops the daemon at start-up.
            var (host, web) = ExecutorEngine.ReadProfiles(configuration);
            if (RootLinkCheck.Find([.. DirectoryRoles.For(host), .. DirectoryRoles.ForWebServer(web)]) is { } link)
            {
                throw new ExecutorStartupException($"The Host/WebServer configuration is invalid: {link}");
            }

            return host;
        }
        catch (InputRejectedException ex)
        {
            throw new ExecutorStartupException($"The Host/WebServer configuration is invalid: {ex.Message}", ex);
        }
        catch (Native.PosixException ex)
        {
            throw new ExecutorStartupException($"A configured directory cannot be checked for symbolic links: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own failures, e.g. "abc" for Host:Port.
            throw new ExecutorStartupException($"The \"{HostProfileOptions.Section}\" configuration cannot be read: {ex.Message}", ex);
        }
    }
}
