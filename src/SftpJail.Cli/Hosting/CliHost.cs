using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SftpJail.Cli.Parsing;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Core.Model;
using SftpJail.Core.Values;
using SftpJail.Data;
using SftpJail.Executor;

namespace SftpJail.Cli.Hosting;

/// <summary>Configuration, logging and services for one CLI invocation.</summary>
public static class CliHost
{
    public const string SystemConfigFile = "/etc/sftpjail/sftpjail.json";
    public const string EnvironmentPrefix = "SFTPJAIL_";

    /// <summary>
    /// Later sources win: appsettings.json next to the binary, /etc/sftpjail/sftpjail.json, the --config file, then
    /// SFTPJAIL_* environment variables (SFTPJAIL_Host__JailRoot). <paramref name="configure"/> lets tests add
    /// configuration or replace services (such as the executor) before anything is registered.
    /// </summary>
    public static IHost Build(string? configFile, Action<IHostApplicationBuilder>? configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(SystemConfigFile, optional: true, reloadOnChange: false);
        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile);
            if (!File.Exists(path))
            {
                throw new UsageException($"--config: {ArgumentList.Printable(configFile)} does not exist.");
            }

            builder.Configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);

        // stdout carries results (and --json); anything logged goes to stderr, and only when it matters.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        configure?.Invoke(builder);
        builder.AddSftpJailData();
        builder.Services.TryAddSingleton(CreateExecutor);
        return builder.Build();
    }

    private static IExecutorGateway CreateExecutor(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var options = configuration.GetSection(ExecutorOptions.Section).Get<ExecutorOptions>() ?? new ExecutorOptions();
        var mode = options.Mode ?? (Environment.IsPrivilegedProcess ? "InProcess" : "Socket");
        if (mode.Equals("InProcess", StringComparison.OrdinalIgnoreCase))
        {
            return ExecutorEngine.Create(configuration, services.GetRequiredService<ILoggerFactory>());
        }

        if (mode.Equals("Socket", StringComparison.OrdinalIgnoreCase))
        {
            return new ExecutorSocketClient(options.SocketPath);
        }

        throw new InputRejectedException("Executor:Mode", $"'{ArgumentList.Printable(mode)}' is not InProcess or Socket.");
    }
}
