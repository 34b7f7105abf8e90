using System.Diagnostics;
using System.Text;
using SftpJail.Host.Tests.Support;
using Xunit.Abstractions;

namespace SftpJail.Host.Tests.Cli;

/// <summary>
/// `sftpjail import` through the real CLI process on a real dedicated sshd: a file of 200 rows with 5 bad ones changes
/// nothing on the host and names the 5; fixed, it applies as one batch (one drop-in write, one reload) and every one of
/// the 200 users logs in with the real OpenSSH client (password, generated password or key).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ImportHostTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rows = 200;
    private const int LoginParallelism = 6;

    // 200 real useradds: 204 s and 337 s measured here at load averages of 22 and 40 on two cores (see the test output).
    private const int ImportTimeoutSeconds = 900;
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Two_hundred_rows_with_five_bad_change_nothing_then_fixed_apply_in_one_batch_and_every_user_logs_in()
    {
        var cli = new CliRunner(host);
        var keyFile = Path.Combine(host.BaseDir, "client_key");
        Assert.Equal(0, (await HostCommand.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "import", "-f", keyFile])).ExitCode);
        var publicKey = (await File.ReadAllTextAsync(keyFile + ".pub")).Trim();
        var rows = Enumerable.Range(1, Rows).Select(i => Row(i, publicKey)).ToList();

        var broken = rows.ToList();
        broken[9] = ($"bad_{host.Id}.example", User(10), "a-long-password-10", "", "");
        broken[49] = (Domain(50), "Has Space", "a-long-password-50", "", "");
        broken[99] = (Domain(100), User(100), "short", "", "");
        broken[149] = (Domain(150), User(1), "a-long-password-150", "", "");
        broken[198] = (Domain(199), User(199), "", "ssh-ed25519 notbase64", "");
        var badFile = await WriteAsync("broken.csv", broken);

        var checkTimer = Stopwatch.StartNew();
        var rejected = await cli.RunAsync(null, "import", badFile, "--passwords-out", Path.Combine(host.BaseDir, "unused.csv"));

        output.WriteLine($"checking {Rows} rows with 5 bad: {checkTimer.Elapsed.TotalSeconds:0.0} s");
        Assert.True(rejected.ExitCode == 2, rejected.All);
        var lines = rejected.StandardError.Trim().Split('\n');
        Assert.Equal(["line 11:", "line 51:", "line 101:", "line 151:", "line 200:"], lines[..5].Select(l => l[..(l.IndexOf(':') + 1)]));
        Assert.Equal($"error: 5 of {Rows} rows cannot be imported; nothing was changed.", lines[5]);
        Assert.Equal(6, lines.Length);
        Assert.DoesNotContain(await File.ReadAllLinesAsync("/etc/passwd"), l => l.StartsWith($"sjt{host.Id}", StringComparison.Ordinal));
        Assert.False(File.Exists(host.DropInPath));
        Assert.False(File.Exists(Path.Combine(host.BaseDir, "unused.csv")));

        var goodFile = await WriteAsync("fixed.csv", rows);
        var passwordsFile = Path.Combine(host.BaseDir, "passwords.csv");
        var timer = Stopwatch.StartNew();
        var imported = await RunCliAsync("import", goodFile, "--passwords-out", passwordsFile);
        timer.Stop();
        output.WriteLine($"import of {Rows} rows: {timer.Elapsed.TotalSeconds:0.0} s");

        Assert.True(imported.ExitCode == 0, imported.All);
        Assert.Contains($"imported {Rows} sites with {Rows} users in one apply", imported.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  ReloadService: 1\n", imported.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"  CreateUser: {Rows}\n", imported.StandardOutput, StringComparison.Ordinal);
        var audit = await cli.RunAsync(null, "audit", "list", "--json");
        Assert.Single(System.Text.Json.JsonDocument.Parse(audit.StandardOutput).RootElement.EnumerateArray(), e => e.GetProperty("action").GetString() == "site.import");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordsFile));
        var generated = (await File.ReadAllLinesAsync(passwordsFile)).Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[1], p => p[2]);
        Assert.Equal(rows.Count(r => r.Password == "" && r.Key == ""), generated.Count);
        foreach (var secret in generated.Values)
        {
            Assert.DoesNotContain(secret, imported.All + audit.StandardOutput, StringComparison.Ordinal);
        }

        // Every user, not a sample: each one's own way in.
        var failures = new List<string>();
        using var gate = new SemaphoreSlim(LoginParallelism);
        timer.Restart();
        await Task.WhenAll(rows.Select(async row =>
        {
            await gate.WaitAsync();
            try
            {
                var login = row.Key.Length > 0
                    ? await host.Client.SftpWithKeyAsync(row.User, keyFile, "pwd")
                    : await host.Client.SftpWithPasswordAsync(row.User, row.Password.Length > 0 ? row.Password : generated[row.User], "pwd");
                if (!login.StandardOutput.Contains("Remote working directory: /html", StringComparison.Ordinal))
                {
                    lock (failures)
                    {
                        failures.Add($"{row.User}: {login.All.Trim()}");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        output.WriteLine($"{Rows} logins: {timer.Elapsed.TotalSeconds:0.0} s");
        Assert.Empty(failures);
    }

    /// <summary>The CLI as <see cref="CliRunner"/> runs it (its config file), with room for 200 useradds on a loaded machine.</summary>
    private Task<HostCommand.Output> RunCliAsync(params string[] args) =>
        HostCommand.RunAsync(
            "dotnet",
            new[] { Path.Combine(AppContext.BaseDirectory, "sftpjail.dll"), "--config", Path.Combine(host.BaseDir, "sftpjail.json") }.Concat(args),
            timeoutSeconds: ImportTimeoutSeconds);

    private (string Domain, string User, string Password, string Key, string ReadOnly) Row(int i, string publicKey) => (i % 5) switch
    {
        0 => (Domain(i), User(i), "", publicKey, ""),
        1 => (Domain(i), User(i), "", "", i % 3 == 0 ? "true" : ""),
        _ => (Domain(i), User(i), $"a-long-password-{i}", "", ""),
    };

    private string Domain(int i) => $"i{i}-{host.Id}.example";

    private string User(int i) => host.UserName($"i{i:000}");

    private async Task<string> WriteAsync(string name, IEnumerable<(string Domain, string User, string Password, string Key, string ReadOnly)> rows)
    {
        var text = new StringBuilder("domain,user,password,key,read_only,customer_email\n");
        foreach (var r in rows)
        {
            text.Append($"{r.Domain},{r.User},{r.Password},\"{r.Key}\",{r.ReadOnly},\n");
        }

        var path = Path.Combine(host.BaseDir, name);
        await File.WriteAllTextAsync(path, text.ToString());
        return path;
    }
}
