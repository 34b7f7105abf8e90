using System.Diagnostics;

namespace SftpJail.Core.Tests.Hardening;

/// <summary>
/// A throw-away sshd configuration in a root-only temp directory (its own host key and pid file, never /etc/ssh)
/// checked with the installed sshd: <c>sshd -t</c> for syntax and keywords, <c>sshd -T -C</c> for effective values.
/// </summary>
internal sealed class SshdConfigCheck : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";

    private SshdConfigCheck(string dir) => Dir = dir;

    public string Dir { get; }

    public string MainConfig => Path.Combine(Dir, "sshd_config");

    public string DropIn => Path.Combine(Dir, "sshd_config.d", "50-sftpjail.conf");

    /// <summary>The main config mirrors Debian's: the drop-in directory is included first, the distribution's lines follow.</summary>
    public static async Task<SshdConfigCheck> CreateAsync()
    {
        var check = new SshdConfigCheck(Directory.CreateTempSubdirectory("sjt-sshdcheck-").FullName);
        Directory.CreateDirectory(Path.Combine(check.Dir, "sshd_config.d"));
        Directory.CreateDirectory("/run/sshd");
        var key = Path.Combine(check.Dir, "ssh_host_ed25519_key");
        var keygen = await RunAsync("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-f", key);
        Assert.True(keygen.ExitCode == 0, keygen.Output);
        await File.WriteAllTextAsync(check.MainConfig, $"""
            Include {check.Dir}/sshd_config.d/*.conf
            HostKey {key}
            PidFile {check.Dir}/sshd.pid
            KbdInteractiveAuthentication no
            UsePAM no
            X11Forwarding yes
            PrintMotd no
            Subsystem sftp internal-sftp

            """);
        return check;
    }

    public static string InstalledVersionText()
    {
        var result = RunAsync(Sshd, "-V").GetAwaiter().GetResult();
        return result.Output;
    }

    public async Task<(int ExitCode, string Output)> TestAsync(string dropIn)
    {
        await File.WriteAllTextAsync(DropIn, dropIn);
        return await RunAsync(Sshd, "-t", "-f", MainConfig);
    }

    /// <summary>Effective settings for a connection by <paramref name="user"/>, as a keyword → value map (repeated keywords joined by spaces).</summary>
    public async Task<IReadOnlyDictionary<string, string>> EffectiveAsync(string user)
    {
        var result = await RunAsync(Sshd, "-T", "-f", MainConfig, "-C", $"user={user},host=localhost,addr=127.0.0.1,laddr=127.0.0.1,lport=22");
        Assert.True(result.ExitCode == 0, result.Output);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                // Repeated keywords (allowgroups, hostkey, …) are printed once per value.
                var (key, value) = (line[..space], line[(space + 1)..].Trim());
                settings[key] = settings.TryGetValue(key, out var earlier) ? earlier + " " + value : value;
            }
        }

        return settings;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
