using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Core.Contract;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;

namespace SftpJail.Cli;

/// <summary>What a running command has: the services of this invocation, its output streams and who is acting.</summary>
public sealed class CliContext(IServiceProvider services, TextWriter stdout, TextWriter stderr, Actor actor)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public ISiteService Sites => services.GetRequiredService<ISiteService>();

    public IAuditLog Audit => services.GetRequiredService<IAuditLog>();

    public IExecutorGateway Executor => services.GetRequiredService<IExecutorGateway>();

    public Data.HostAccess.IHostAccessService HostAccess => services.GetRequiredService<Data.HostAccess.IHostAccessService>();

    public Data.Services.Import.SiteImporter Importer => services.GetRequiredService<Data.Services.Import.SiteImporter>();

    public Data.ApiTokens.ApiTokenService Tokens => ActivatorUtilities.GetServiceOrCreateInstance<Data.ApiTokens.ApiTokenService>(services);

    /// <summary>This invocation's services, for commands that need more than the shortcuts above (backup and restore).</summary>
    public IServiceProvider Services => services;

    public TextWriter Out => stdout;

    public TextWriter Err => stderr;

    public Actor Actor => actor;

    public async Task WriteJsonAsync<T>(T value)
    {
        await stdout.WriteLineAsync(JsonSerializer.Serialize(value, Json));
    }

    /// <summary>One line on stderr, prefixed "error: ", and the exit code to return.</summary>
    public async Task<int> FailAsync(string message, int exitCode)
    {
        await stderr.WriteLineAsync("error: " + CliApplication.OneLine(message));
        return exitCode;
    }

    /// <summary>Exit 0 on success; 2 when the change was refused as invalid (nothing sent); 1 when the executor refused or failed it.</summary>
    public async Task<int> ReportAsync(OperationResult result, string success)
    {
        if (!result.Succeeded)
        {
            return await FailAsync(result.Error ?? "The change failed.", result.AuditEntryId is null ? ExitCodes.Invalid : ExitCodes.Failed);
        }

        await stdout.WriteLineAsync(success);
        await Output.Steps.WriteAsync(stdout, result.Steps);
        return ExitCodes.Ok;
    }
}

public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The executor refused or failed, drift was found, or the audit chain is broken.</summary>
    public const int Failed = 1;

    /// <summary>Invalid usage, input or configuration: nothing was changed.</summary>
    public const int Invalid = 2;
}
