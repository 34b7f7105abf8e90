using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SftpJail.Core.Contract;
using SftpJail.Data;
using SftpJail.Data.Services;
using SftpJail.Data.Services.Import;

/// <summary>The panel's application services over a SQLite file, talking to the given executor gateway.</summary>
internal sealed class Panel : IDisposable
{
    private readonly IHost app;

    private Panel(IHost app) => this.app = app;

    public IServiceProvider Services => app.Services;

    public static async Task<Panel> CreateAsync(string database, IExecutorGateway executor)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:SftpJail"] = $"Data Source={database}" });
        builder.AddSftpJailData();
        builder.Services.AddSingleton(executor);
        var panel = new Panel(builder.Build());
        await panel.Services.MigrateSftpJailDatabaseAsync();
        return panel;
    }

    public async Task<T> WithSitesAsync<T>(Func<ISiteService, Task<T>> call)
    {
        await using var scope = Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<ISiteService>());
    }

    public async Task<ImportResult> ImportAsync(string csv)
    {
        await using var scope = Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<SiteImporter>();
        return await importer.ImportAsync(Encoding.UTF8.GetBytes(csv), ImportFormat.Csv, new Actor("bench"));
    }

    public void Dispose() => app.Dispose();
}

/// <summary>Synthetic customers as the issue measured them: 10 % key-only, 2 % read-only, one user per site.</summary>
internal static class Population
{
    public static string Password(int i) => $"Bench-{i}-passphrase-Zq7";

    public static bool KeyOnly(int i) => i % 10 == 5;

    public static bool ReadOnly(int i) => i % 50 == 7;

    public static string Domain(BenchHost host, int i) => $"s{i}.{host.Id}.example";

    public static string CsvHeader => "domain,user,password,key,read_only,customer_email\n";

    public static string Csv(BenchHost host, string key, int from, int count, string tag = "u")
    {
        var text = new StringBuilder(CsvHeader);
        for (var i = from; i < from + count; i++)
        {
            var keyOnly = KeyOnly(i);
            text.Append(CultureInvariant($"{tag}{i}.{host.Id}.example,{host.User(tag + i)},{(keyOnly ? string.Empty : Password(i))},{(keyOnly ? key : string.Empty)},{(ReadOnly(i) ? "true" : "false")},\n"));
        }

        return text.ToString();
    }

    /// <summary>The same customers as a state for the engine alone (no database): accounts only, keys for the key-only ones.</summary>
    public static DesiredStateDto State(BenchHost host, string key, int count, long generation) => new(
        Enumerable.Range(0, count)
            .Select(i => new SiteDto($"u{i}.{host.Id}.example", true, [new JailUserDto(host.User("u" + i), ReadOnly(i), KeyOnly(i), false, KeyOnly(i) ? [key] : [])]))
            .ToList(),
        Generation: generation);

    public static async Task<string> PublicKeyAsync(BenchHost host)
    {
        var file = Path.Combine(host.BaseDir, "bench_key");
        if (!File.Exists(file))
        {
            await Run.CheckedAsync("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bench", "-f", file);
        }

        return (await File.ReadAllTextAsync(file + ".pub")).Trim();
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
