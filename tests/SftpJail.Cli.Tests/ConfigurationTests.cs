using SftpJail.Cli.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Cli.Tests;

/// <summary>Touches process environment variables, so it runs alone.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;

[Collection(nameof(EnvironmentCollection))]
public sealed class ConfigurationTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sftpjail-config-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("SFTPJAIL_ConnectionStrings__SftpJail", null);
        Environment.SetEnvironmentVariable("SFTPJAIL_Executor__Mode", null);
        Environment.SetEnvironmentVariable("SFTPJAIL_Executor__SocketPath", null);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task The_config_file_sets_the_database_and_environment_variables_override_it()
    {
        var fromFile = Path.Combine(directory, "file.db");
        var fromEnvironment = Path.Combine(directory, "env.db");
        var config = Path.Combine(directory, "sftpjail.json");
        await File.WriteAllTextAsync(config, $$"""{ "ConnectionStrings": { "SftpJail": "Data Source={{fromFile}};Pooling=False" } }""");

        var first = await RunAsync("--config", config, "site", "list");
        Environment.SetEnvironmentVariable("SFTPJAIL_ConnectionStrings__SftpJail", $"Data Source={fromEnvironment};Pooling=False");
        var second = await RunAsync("--config", config, "site", "list");

        Assert.Equal((0, 0), (first, second));
        Assert.True(File.Exists(fromFile));
        Assert.True(File.Exists(fromEnvironment));
    }

    [Fact]
    public async Task Socket_mode_uses_the_configured_socket_and_reports_a_missing_executor_as_exit_1()
    {
        Environment.SetEnvironmentVariable("SFTPJAIL_Executor__Mode", "Socket");
        Environment.SetEnvironmentVariable("SFTPJAIL_Executor__SocketPath", Path.Combine(directory, "executor.sock"));
        using var host = CliHost.Build(null, null);
        using var error = new StringWriter();

        var exit = await CliApplication.RunAsync(["host", "info"], TextReader.Null, TextWriter.Null, error);

        Assert.IsType<ExecutorSocketClient>(host.Services.GetRequiredService<IExecutorGateway>());
        Assert.Equal(1, exit);
        Assert.StartsWith("error: the executor is unavailable: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("executor.sock", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_executor_mode_is_a_configuration_error()
    {
        Environment.SetEnvironmentVariable("SFTPJAIL_Executor__Mode", "Telepathy");
        using var error = new StringWriter();

        var exit = await CliApplication.RunAsync(["host", "info"], TextReader.Null, TextWriter.Null, error);

        Assert.Equal((2, "error: Executor:Mode: 'Telepathy' is not InProcess or Socket."), (exit, error.ToString().TrimEnd()));
    }

    private static Task<int> RunAsync(params string[] args) =>
        CliApplication.RunAsync(args, TextReader.Null, TextWriter.Null, TextWriter.Null, b => b.Services.AddSingleton<IExecutorGateway>(new FakeExecutor()));
}
