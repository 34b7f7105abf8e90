using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Executor;

/// <summary>
/// A disposable benchmark host, as the host tests' JailHost makes one: its own directories under /var/lib/sjbench-*,
/// its own jail group, a dedicated sshd on a free loopback port and an engine for them. Every user and group it (or a
/// floor) makes starts with "sjb" + Id; Dispose removes them, the directories and every sshd it started, and so does
/// Ctrl-C or SIGTERM (<see cref="CleanUpAll"/>), unless the host is kept (<see cref="Keep"/>): then only its sshds are
/// stopped. Opt-in, to measure a large fixture more than once: SJB_ID=&lt;5 letters&gt; reuses that id (the users a kept
/// run left) and SJB_KEEP=1 keeps the host, a last run with SJB_ID and without SJB_KEEP removes it; the change mode keeps
/// and reuses its whole fixture with SJB_KEEP=&lt;dir&gt; (see ChangeBench).
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<BenchHost, byte> Live = new();
    private readonly List<string> pidFiles = [];
    private int disposed;

    private BenchHost(string id, Action<HostProfileOptions>? configure, int? port = null)
    {
        Id = id;
        BaseDir = $"/var/lib/sjbench-{id}";
        Port = port ?? FreePort();
        Options = new HostProfileOptions
        {
            Family = "Debian",
            JailGroup = $"sjb{id}jail",
            WebGroup = "www-data",
            JailRoot = $"{BaseDir}/www",
            AuthorizedKeysDir = $"{BaseDir}/etc/keys",
            StateDir = $"{BaseDir}/state",
            SshdMode = "Dedicated",
            ListenAddress = "127.0.0.1",
            Port = Port,
        };
        configure?.Invoke(Options);
        Profile = Options.ToProfile();
        Engine = ExecutorEngine.Create(Profile, NullLoggerFactory.Instance);
        pidFiles.Add(Path.Combine(Profile.SshdMainConfigPath.Parent!.Value, "sshd.pid"));
    }

    public string Id { get; }

    public string BaseDir { get; }

    public int Port { get; }

    public HostProfileOptions Options { get; }

    public HostProfile Profile { get; }

    public ExecutorEngine Engine { get; }

    public string Prefix => $"sjb{Id}";

    public string Jail => Options.JailGroup!;

    public string SshdPidFile => pidFiles[0];

    /// <summary>When set, Dispose stops the sshds but leaves the users, groups, directories and database for the next run.</summary>
    public bool Keep { get; set; }

    /// <summary>A host an earlier run kept (<see cref="Keep"/>), with the same id and port (so the sshd config is unchanged).</summary>
    public static BenchHost Reuse(string id, int port)
    {
        var host = new BenchHost(id, null, port);
        if (!Directory.Exists(host.BaseDir))
        {
            throw new InvalidOperationException($"the kept host {host.BaseDir} is gone: remove the keep file and run again");
        }

        Live[host] = 0;
        host.Keep = true;
        return host;
    }

    public static BenchHost Create(Action<HostProfileOptions>? configure = null)
    {
        var id = Environment.GetEnvironmentVariable("SJB_ID") is { Length: 5 } kept && kept.All(char.IsAsciiLetterLower)
            ? kept
            : new string(Enumerable.Range(0, 5).Select(_ => (char)('a' + Random.Shared.Next(26))).ToArray());
        var host = new BenchHost(id, configure);
        Live[host] = 0;
        Directory.CreateDirectory(host.BaseDir, (UnixFileMode)0b111_101_101);
        return host;
    }

    /// <summary>A user name unique to this host (at most 32 characters).</summary>
    public string User(string suffix) => $"{Prefix}{suffix}";

    /// <summary>Starts a second sshd on its own port with a hand-written config (the floor); Dispose stops it too.</summary>
    public async Task<int> StartFloorSshdAsync(string name, string dropIn)
    {
        var dir = Path.Combine(BaseDir, "state", name);
        Directory.CreateDirectory(dir, (UnixFileMode)0b111_000_000);
        var port = FreePort();
        var pid = Path.Combine(dir, "sshd.pid");
        File.Delete(pid); // a kept fixture's (SJB_ID): the wait below is for this sshd's
        pidFiles.Add(pid);
        var keys = Directory.GetFiles(Profile.SshdMainConfigPath.Parent!.Value, "ssh_host_*_key");
        var config = Path.Combine(dir, "sshd_config");
        await File.WriteAllTextAsync(config, FloorConfig(port, pid, keys, dropIn));
        await Run.CheckedAsync("/usr/sbin/sshd", "-t", "-f", config);
        await Run.CheckedAsync("/usr/sbin/sshd", "-f", config);
        for (var i = 0; i < 100 && !File.Exists(pid); i++)
        {
            await Task.Delay(50);
        }

        return port;
    }

    public string FloorConfigPath(string name) => Path.Combine(BaseDir, "state", name, "sshd_config");

    public static int PidOf(string pidFile) => int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The floor: the product's main sshd settings, then one <c>Match Group</c> jail block and nothing else.</summary>
    public string OneBlockDropIn() =>
        $"Match Group {Jail}\n    ChrootDirectory %h\n    ForceCommand internal-sftp -l INFO -u 0027 -d /html -Psymlink,hardlink\n" +
        "    PasswordAuthentication yes\n    AllowTcpForwarding no\n    AllowAgentForwarding no\n    X11Forwarding no\n    PermitTunnel no\n    PermitTTY no\n";

    private string FloorConfig(int port, string pid, string[] keys, string dropIn)
    {
        // The product's main config with its own port, pid file and drop-in swapped for the floor's.
        var main = File.ReadAllLines(Profile.SshdMainConfigPath.Value)
            .Where(l => !l.StartsWith("Port ", StringComparison.Ordinal) && !l.StartsWith("PidFile ", StringComparison.Ordinal)
                && !l.StartsWith("Include ", StringComparison.Ordinal) && !l.StartsWith("HostKey ", StringComparison.Ordinal))
            .TakeWhile(l => !l.StartsWith("Match ", StringComparison.Ordinal));
        return $"Port {port}\nPidFile {pid}\n" + string.Concat(keys.Select(k => $"HostKey {k}\n")) + string.Join('\n', main) + "\n" + dropIn;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        Live.TryRemove(this, out _);
        foreach (var pidFile in pidFiles.Where(File.Exists))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                await Run.CommandAsync("kill", [pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }
        }

        if (Keep || Environment.GetEnvironmentVariable("SJB_KEEP") == "1")
        {
            Console.Error.WriteLine($"kept {BaseDir} and its {Prefix}* users and groups for the next run (SJB_ID={Id} without SJB_KEEP, or SJB_CLEAN=1 in the change mode, removes them)");
            return;
        }

        try
        {
            BulkAccountRemoval.Remove(Prefix);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"bulk removal of the {Prefix} accounts failed ({ex.Message}); removing them one by one");
        }

        foreach (var user in (await File.ReadAllLinesAsync("/etc/passwd")).Select(l => l.Split(':')[0]).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            await Run.CommandAsync("userdel", [user]);
        }

        foreach (var group in (await File.ReadAllLinesAsync("/etc/group")).Select(l => l.Split(':')[0]).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            await Run.CommandAsync("groupdel", [group]);
        }

        if (Directory.Exists(BaseDir))
        {
            Directory.Delete(BaseDir, recursive: true);
        }
    }

    /// <summary>Ctrl-C, SIGTERM or a crash of the benchmark: every host still alive is removed.</summary>
    public static void CleanUpAll()
    {
        foreach (var host in Live.Keys.ToList())
        {
            try
            {
                host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"cleanup of {host.BaseDir} failed: {ex.Message}");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
