using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SftpJail.Core.Contract;

namespace SftpJail.Cli.Tests;

/// <summary>Runs the real CLI in-process against a temporary database file and a fake executor.</summary>
public sealed class CliRunner : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sftpjail-cli-").FullName;

    public FakeExecutor Executor { get; } = new();

    public string DatabaseFile => Path.Combine(directory, "sftpjail.db");

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<(int Exit, string Out, string Err)> RunAsync(string line, string? stdin = null) => await RunAsync(line.Split(' '), stdin);

    public async Task<(int Exit, string Out, string Err)> RunAsync(string[] args, string? stdin = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApplication.RunAsync(args, new StringReader(stdin ?? string.Empty), output, error, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:SftpJail"] = $"Data Source={DatabaseFile};Pooling=False" });
            builder.Services.AddSingleton<IExecutorGateway>(Executor);
        });
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
