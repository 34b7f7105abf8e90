using System.Text.Json;

namespace SftpJail.Host.Tests.Support;

/// <summary>Runs the real `sftpjail` CLI as its own process against a JailHost's directories and a SQLite file.</summary>
public sealed class CliRunner
{
    private readonly string configFile;

    public CliRunner(JailHost host, IDictionary<string, string>? extraEnvironment = null)
    {
        configFile = Path.Combine(host.BaseDir, "sftpjail.json");
        var options = host.Options;
        var config = new
        {
            ConnectionStrings = new { SftpJail = $"Data Source={host.BaseDir}/sftpjail.db" },
            Executor = new { Mode = "InProcess" },
            Host = new
            {
                options.Family,
                options.JailGroup,
                options.WebGroup,
                options.JailRoot,
                options.AuthorizedKeysDir,
                options.StateDir,
                options.SshdMode,
                options.ListenAddress,
                options.Port,
            },
        };
        File.WriteAllText(configFile, JsonSerializer.Serialize(config));
        Environment = extraEnvironment ?? new Dictionary<string, string>();
    }

    public IDictionary<string, string> Environment { get; }

    public Task<HostCommand.Output> RunAsync(string? stdin, params string[] args) =>
        HostCommand.RunAsync(
            "dotnet",
            new[] { Path.Combine(AppContext.BaseDirectory, "sftpjail.dll"), "--config", configFile }.Concat(args),
            Environment,
            stdin,
            timeoutSeconds: 120);
}
